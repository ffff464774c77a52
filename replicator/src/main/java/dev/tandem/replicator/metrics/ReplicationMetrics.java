package dev.tandem.replicator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A flow's replication metrics (Micrometer; Prometheus names in brackets): records and bytes
 * copied [tandem_replicated_records_total, tandem_replicated_bytes_total], records skipped by
 * reason [tandem_skipped_records_total], errors by kind, flow restarts as kind restart
 * [tandem_replication_errors_total], lag in
 * records [tandem_replication_lag_records] and seconds behind the source
 * [tandem_replication_lag_seconds], the same per source partition this process copies
 * [tandem_replication_partition_lag_records, tandem_replication_partition_lag_seconds, labels topic and
 * partition; a partition handed to another process leaves], age of the newest sync point
 * [tandem_last_sync_point_age_seconds], records the source deleted before they were copied, by topic
 * [tandem_records_lost_at_source_total, at 0 for every topic the flow follows].
 */
public final class ReplicationMetrics {

    /** The reason of a record skipped because it came from the flow's target (a loop). */
    public static final String ORIGIN_IS_TARGET = "origin-is-target";
    /** The error kind of a flow restarting after a failure retry may help with. */
    public static final String RESTART = "restart";

    private final MeterRegistry registry;
    private final String flow;
    private final Clock clock;
    private final Counter records;
    private final Counter bytes;
    private final AtomicLong lagRecords = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicReference<Instant> lastSyncPoint = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.Map<String, Counter> skippedByReason = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<PartitionLag.Key, PartitionGauges> partitions = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean progressOnTerminal;

    /** One source partition's lag: records not yet read, and how far behind its newest copied record is. */
    public record PartitionLag(String topic, int partition, long records, long millisBehind) {
        record Key(String topic, int partition) {
        }

        Key key() {
            return new Key(topic, partition);
        }
    }

    private record PartitionGauges(AtomicLong records, AtomicLong millis, java.util.List<Gauge> gauges) {
    }

    public ReplicationMetrics(MeterRegistry registry, String flow, Clock clock) {
        this.registry = registry;
        this.flow = flow;
        this.clock = clock;
        this.records = Counter.builder("tandem.replicated.records").tag("flow", flow)
                .description("Records copied to the target and acknowledged").register(registry);
        this.bytes = Counter.builder("tandem.replicated.bytes").tag("flow", flow).baseUnit("bytes")
                .description("Key and value bytes copied").register(registry);
        Gauge.builder("tandem.replication.lag.records", lagRecords, AtomicLong::get).tag("flow", flow)
                .description("Records on the source not yet read by the replicator").register(registry);
        Gauge.builder("tandem.replication.lag.seconds", lagMillis, m -> m.get() / 1000.0).tag("flow", flow)
                .description("Age of the newest copied record when it was acknowledged, while behind").register(registry);
        Gauge.builder("tandem.last.sync.point.age.seconds", lastSyncPoint, this::ageSeconds).tag("flow", flow)
                .description("Seconds since the newest sync point was recorded").register(registry);
        Gauge.builder("tandem.replication.paused", paused, b -> b.get() ? 1 : 0).tag("flow", flow)
                .description("1 while the flow copies nothing because the store does not take its sync points")
                .register(registry);
        // Present from the start at 0, so that a rate over them and an alert on them work before the first one.
        skippedByReason.put(ORIGIN_IS_TARGET, skippedCounter(ORIGIN_IS_TARGET));
        errorCounter(RESTART);
    }

    private Counter skippedCounter(String reason) {
        return Counter.builder("tandem.skipped.records").tag("flow", flow).tag("reason", reason)
                .description("Records not copied, by reason").register(registry);
    }

    private Counter errorCounter(String kind) {
        return Counter.builder("tandem.replication.errors").tag("flow", flow).tag("kind", kind)
                .description("Failed sends by exception, and flow restarts (kind restart)").register(registry);
    }

    public void replicated(int keyValueBytes) {
        records.increment();
        bytes.increment(keyValueBytes);
    }

    public double replicatedRecords() {
        return records.count();
    }

    /** Records of {@code topic} the source deleted (retention) before this flow copied them. */
    public void lostAtSource(String topic, long records) {
        lostAtSourceCounter(topic).increment(records);
    }

    /**
     * The source topics the flow follows now: each gets its lost-at-source counter at 0 before any loss, so
     * that an {@code increase()} over it sees the first loss (a series that appears at 400 increases by 0).
     */
    public void following(java.util.Collection<String> topics) {
        topics.forEach(this::lostAtSourceCounter);
    }

    private Counter lostAtSourceCounter(String topic) {
        return Counter.builder("tandem.records.lost.at.source").tag("flow", flow).tag("topic", topic)
                .description("Records the source deleted (retention, deleteRecords) before the flow copied them")
                .register(registry);
    }

    /** Per skipped record (half of all records in a two-way setup): the counter is looked up once per reason. */
    public void skipped(String reason) {
        skippedByReason.computeIfAbsent(reason, this::skippedCounter).increment();
    }

    /** Whether the flow copies nothing now because the store does not take its sync points. */
    public void paused(boolean pausedOnStore) {
        paused.set(pausedOnStore);
    }

    public void error(String kind) {
        errorCounter(kind).increment();
    }

    /**
     * The lag of every partition this process copies now: the flow's lag is their sum in records and the
     * farthest behind in seconds; partitions not in the list (handed over, or gone) lose their gauges.
     */
    public void lag(java.util.List<PartitionLag> lags) {
        long total = 0;
        long behind = 0;
        java.util.Set<PartitionLag.Key> current = new java.util.HashSet<>();
        for (PartitionLag lag : lags) {
            long millis = lag.records() == 0 ? 0 : lag.millisBehind();
            total += lag.records();
            behind = Math.max(behind, millis);
            current.add(lag.key());
            PartitionGauges gauges = partitions.computeIfAbsent(lag.key(), this::partitionGauges);
            gauges.records().set(lag.records());
            gauges.millis().set(millis);
        }
        partitions.entrySet().removeIf(e -> {
            if (current.contains(e.getKey())) {
                return false;
            }
            e.getValue().gauges().forEach(registry::remove);
            return true;
        });
        lagRecords.set(total);
        lagMillis.set(total == 0 ? 0 : behind);
    }

    /**
     * The session ended (stopped, or failed and waiting to restart): it owns no partition now, so their
     * gauges go rather than freeze at their last values. The flow's totals stay until the next session.
     */
    public void releasePartitions() {
        partitions.values().forEach(g -> g.gauges().forEach(registry::remove));
        partitions.clear();
    }

    private PartitionGauges partitionGauges(PartitionLag.Key key) {
        AtomicLong records = new AtomicLong();
        AtomicLong millis = new AtomicLong();
        String partition = Integer.toString(key.partition());
        Gauge r = Gauge.builder("tandem.replication.partition.lag.records", records, AtomicLong::get).tag("flow", flow)
                .tag("topic", key.topic()).tag("partition", partition)
                .description("Records of this source partition not yet read by this process").register(registry);
        Gauge s = Gauge.builder("tandem.replication.partition.lag.seconds", millis, m -> m.get() / 1000.0)
                .tag("flow", flow).tag("topic", key.topic()).tag("partition", partition)
                .description("Age of this partition's newest copied record when acknowledged, while behind")
                .register(registry);
        return new PartitionGauges(records, millis, java.util.List.of(r, s));
    }

    public long lagRecords() {
        return lagRecords.get();
    }

    public FlowProgress progress() {
        return progress(java.util.OptionalLong.empty());
    }

    /** The progress, with the flow's max-bytes-per-second to show beside its byte rate. */
    public FlowProgress progress(java.util.OptionalLong maxBytesPerSecond) {
        return new FlowProgress(flow, (long) records.count(), lagRecords.get(), (long) bytes.count(),
                maxBytesPerSecond);
    }

    /** A terminal shows this flow's progress while it catches up: the periodic INFO summary then stays quiet. */
    public void showProgressOnTerminal() {
        progressOnTerminal = true;
    }

    public boolean progressOnTerminal() {
        return progressOnTerminal;
    }

    public void syncPointRecorded(Instant time) {
        lastSyncPoint.set(time);
    }

    private double ageSeconds(AtomicReference<Instant> time) {
        Instant t = time.get();
        return t == null ? Double.NaN : (clock.millis() - t.toEpochMilli()) / 1000.0;
    }
}
