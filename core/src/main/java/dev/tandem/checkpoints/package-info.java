/**
 * Consumer-group checkpoints inside Tandem: the pure rules that decide what the checkpointer
 * writes and what it commits to target groups, and the reader of the target's checkpoint topic
 * as a {@link dev.tandem.client.CheckpointSource}. The checkpoint value and its wire format are
 * public, in {@code dev.tandem.client}.
 */
package dev.tandem.checkpoints;
