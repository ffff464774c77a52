package dev.tandem.replicator;

import java.time.Duration;

/**
 * Timing of the replication engine.
 *
 * @param commitInterval  how often acknowledged progress (sync points, then source offsets) is saved
 * @param syncInterval    a sync point at least this often per active partition
 * @param summaryInterval how often the one-line INFO summary is logged
 * @param restartBackoff  wait before a flow restarts after a recoverable failure
 * @param syncPointRetention sync points older than this are pruned from the store (the newest
 *                        old one of each partition stays as an anchor), checked hourly
 * @param checkpointConfirm  an unchanged checkpoint is written again this often, so its age shows
 *                        that the checkpointer still vouches for it
 * @param checkpointRetention checkpoints not confirmed for this long (deleted groups) are pruned, hourly
 */
public record ReplicationSettings(Duration commitInterval, Duration syncInterval, Duration summaryInterval,
                                  Duration restartBackoff, Duration syncPointRetention, Duration checkpointConfirm,
                                  Duration checkpointRetention) {

    public static ReplicationSettings defaults() {
        return new ReplicationSettings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(7));
    }
}
