/**
 * Moving consumer groups to the other data center: the pure planning rules ({@link
 * dev.tandem.failover.FailoverPlanner}), the plan values, and the thin Kafka code that applies a
 * plan with compare-and-set ({@link dev.tandem.failover.GroupMover}).
 */
package dev.tandem.failover;
