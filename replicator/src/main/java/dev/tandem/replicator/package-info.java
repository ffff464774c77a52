/**
 * The replication engine: copies the topics a flow selects from its source cluster to its target
 * cluster and records exact offset sync points (MirrorMaker 2's source task, without Connect).
 * Filled in by the replication-engine issue; the module exists so that the layout is settled.
 */
package dev.tandem.replicator;
