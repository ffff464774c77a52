package dev.tandem.replicator;

import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import java.time.Duration;

/**
 * Timing of the replication engine.
 *
 * @param commitInterval  how often an at-least-once flow saves its acknowledged progress (sync points,
 *                        then source offsets), unless the flow sets {@code commit-interval}
 * @param transactionInterval how often an exactly-once flow commits its transactions (their length),
 *                        unless the flow sets {@code commit-interval}
 * @param syncInterval    a sync point at least this often per active partition
 * @param summaryInterval how often the one-line INFO summary is logged
 * @param restartBackoff  wait before a flow restarts after a recoverable failure
 * @param syncPointRetention sync points older than this are pruned from the store (the newest
 *                        old one of each partition stays as an anchor), checked hourly
 * @param checkpointConfirm  an unchanged checkpoint is written again this often, so its age shows
 *                        that the checkpointer still vouches for it
 * @param checkpointRetention checkpoints not confirmed for this long (deleted groups) are pruned, hourly
 */
public record ReplicationSettings(Duration commitInterval, Duration transactionInterval, Duration syncInterval,
                                  Duration summaryInterval, Duration restartBackoff, Duration syncPointRetention,
                                  Duration checkpointConfirm, Duration checkpointRetention) {

    public static ReplicationSettings defaults() {
        // exactly-once: 500 ms, the longest transaction at which the p99 latency of bench/run-transactions
        // was at its floor (shorter ones only lowered the median, at more transactions per second)
        return new ReplicationSettings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofMinutes(1),
                Duration.ofDays(7));
    }

    /** How often {@code flow} commits: its own {@code commit-interval}, or the default of its delivery. */
    public Duration commitInterval(Flow flow) {
        return flow.commitInterval().orElse(flow.delivery() == DeliveryGuarantee.EXACTLY_ONCE
                ? transactionInterval : commitInterval);
    }
}
