/**
 * The replication engine: copies the topics a flow selects from its source cluster to its target
 * cluster and records exact offset sync points (MirrorMaker 2's source task, without Connect).
 */
package dev.tandem.replicator;
