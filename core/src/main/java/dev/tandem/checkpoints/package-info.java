/**
 * Consumer-group checkpoints: where each group of a flow would resume on the target cluster.
 * Values, the pure rules that decide what to write and what to commit, their wire format in
 * {@code __tandem.checkpoints}, and the {@link dev.tandem.checkpoints.CheckpointSource} seam that
 * failover and {@code tandem checkpoints} read them through (the store, or the target cluster).
 */
package dev.tandem.checkpoints;
