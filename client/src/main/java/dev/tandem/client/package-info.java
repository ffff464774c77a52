/**
 * What an application needs to find its own resume position on a target cluster without the
 * rest of Tandem: the {@link dev.tandem.client.Checkpoint} value and its {@link
 * dev.tandem.client.Translation}, the wire format of {@code __tandem.checkpoints} ({@link
 * dev.tandem.client.CheckpointRecordFormat}), and a reader of that topic ({@link
 * dev.tandem.client.CheckpointTopicReader}). Depends on kafka-clients and Jackson only.
 */
package dev.tandem.client;
