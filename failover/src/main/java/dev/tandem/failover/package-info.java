/**
 * Moving consumer groups to the other data center: the pure planning rules ({@link
 * dev.tandem.failover.FailoverPlanner}), the plan values and the run's typed results, the pure
 * compare-and-set rules ({@link dev.tandem.failover.CompareAndSet}), and the thin Kafka code that
 * applies a plan with them ({@link dev.tandem.failover.GroupMover}).
 */
package dev.tandem.failover;
