/**
 * ACL sync ({@code sync-acls}): which of the source's ACLs a flow copies to its target and under
 * which names (the pure {@link dev.tandem.acls.AclPlanner}), the Kafka code that reads and writes
 * ACLs on a cluster, and the synchronizer the replicator, {@code tandem acls} and {@code tandem
 * migrate} share.
 */
package dev.tandem.acls;
