package dev.tandem.replicator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flow's checkpointing metrics (Prometheus names in brackets): groups and partitions checkpointed
 * in the last cycle [tandem_checkpoint_groups, tandem_checkpoint_partitions], checkpoints written
 * [tandem_checkpoints_written_total], records groups consumed that are not on the target yet (RPO
 * exposure) [tandem_checkpoint_records_not_replicated], cycle duration
 * [tandem_checkpoint_cycle_seconds], failed cycles [tandem_checkpoint_failures_total].
 */
public final class CheckpointMetrics {

    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong partitions = new AtomicLong();
    private final AtomicLong notReplicated = new AtomicLong();
    private final Counter written;
    private final Counter failures;
    private final Timer cycle;

    public CheckpointMetrics(MeterRegistry registry, String flow) {
        Gauge.builder("tandem.checkpoint.groups", groups, AtomicLong::get).tag("flow", flow)
                .description("Consumer groups checkpointed in the last cycle").register(registry);
        Gauge.builder("tandem.checkpoint.partitions", partitions, AtomicLong::get).tag("flow", flow)
                .description("Group partitions checkpointed in the last cycle").register(registry);
        Gauge.builder("tandem.checkpoint.records.not.replicated", notReplicated, AtomicLong::get).tag("flow", flow)
                .description("Records consumed on the source by checkpointed groups that are not on the target yet")
                .register(registry);
        written = Counter.builder("tandem.checkpoints.written").tag("flow", flow)
                .description("Checkpoints written to the store and the checkpoint topic").register(registry);
        failures = Counter.builder("tandem.checkpoint.failures").tag("flow", flow)
                .description("Checkpoint cycles that failed").register(registry);
        cycle = Timer.builder("tandem.checkpoint.cycle").tag("flow", flow)
                .description("Duration of a checkpoint cycle").register(registry);
    }

    public void cycle(int groupCount, int partitionCount, int writtenCount, long recordsNotReplicated, Duration took) {
        groups.set(groupCount);
        partitions.set(partitionCount);
        notReplicated.set(recordsNotReplicated);
        written.increment(writtenCount);
        cycle.record(took);
    }

    public void failed() {
        failures.increment();
    }
}
