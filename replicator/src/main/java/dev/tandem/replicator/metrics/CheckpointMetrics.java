package dev.tandem.replicator.metrics;

import dev.tandem.playbook.FailoverSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flow's checkpointing metrics (Prometheus names in brackets): groups and partitions checkpointed
 * in the last cycle [tandem_checkpoint_groups, tandem_checkpoint_partitions], checkpoints written
 * [tandem_checkpoints_written_total], records groups consumed that are not on the target yet (RPO
 * exposure) [tandem_checkpoint_records_not_replicated], cycle duration
 * [tandem_checkpoint_cycle_seconds], failed cycles [tandem_checkpoint_failures_total], seconds since the
 * last good cycle [tandem_checkpoint_last_cycle_age_seconds] and the failover's limit on that age
 * [tandem_checkpoint_max_age_seconds].
 */
public final class CheckpointMetrics {

    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong partitions = new AtomicLong();
    private final AtomicLong notReplicated = new AtomicLong();
    private final Counter written;
    private final Counter failures;
    private final Timer cycle;
    private final Clock clock;
    /** When the last cycle ended well, in epoch milliseconds; -1 before the first. */
    private final AtomicLong lastCycleMillis = new AtomicLong(-1);

    public CheckpointMetrics(MeterRegistry registry, String flow) {
        this(registry, flow, Clock.systemUTC(), FailoverSpec.defaults().maxCheckpointAge());
    }

    /** @param maxCheckpointAge the playbook's failover max-checkpoint-age, for alerts to compare the age with */
    public CheckpointMetrics(MeterRegistry registry, String flow, Clock clock, Duration maxCheckpointAge) {
        this.clock = clock;
        double maxAgeSeconds = maxCheckpointAge.toMillis() / 1000.0;
        Gauge.builder("tandem.checkpoint.max.age.seconds", () -> maxAgeSeconds).tag("flow", flow)
                .description("The playbook's failover max-checkpoint-age: failover refuses older checkpoints")
                .register(registry);
        Gauge.builder("tandem.checkpoint.last.cycle.age.seconds", lastCycleMillis,
                        last -> last.get() < 0 ? Double.NaN : (clock.millis() - last.get()) / 1000.0).tag("flow", flow)
                .description("Seconds since the last checkpoint cycle that succeeded (NaN before the first)")
                .register(registry);
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
        lastCycleMillis.set(clock.millis());
    }

    public void failed() {
        failures.increment();
    }
}
