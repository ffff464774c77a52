package dev.tandem.replicator.copy;

import dev.tandem.kafka.KafkaCalls;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationFailedException;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.replicator.offsets.SyncPointSink;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.safety.ClusterIds;
import dev.tandem.replicator.topics.TopicMirror;
import dev.tandem.topics.TopicSelector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one flow in this process: consumes the partitions the flow's consumer group gives
 * it on the source, writes each record to the same partition of its replica on the target, and
 * commits a source offset only once the target acknowledged every record before it (after the
 * sync points that cover it are saved). A crash at any moment loses nothing; records after the
 * last commit are copied again.
 */
public final class FlowSession {

    private static final Logger LOG = LoggerFactory.getLogger(FlowSession.class);

    private final Flow flow;
    private final ClusterIds ids;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final Admin sourceAdmin;
    private final TopicMirror mirror;
    private final TopicSelector selector;
    private final SyncPointSink sink;
    private final ReplicationMetrics metrics;
    private final Clock clock;
    private final ReplicationSettings settings;
    private final Map<TopicPartition, PartitionState> states = new ConcurrentHashMap<>();
    /** The partitions this session replicates now; read by the checkpointer's thread. */
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<SyncPoint> pendingPoints = new ConcurrentLinkedQueue<>();
    private final AtomicReference<ReplicationFailedException> failure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final org.apache.kafka.common.header.Header provenance;
    private final Map<String, String> replicaNames = new HashMap<>();
    private volatile boolean stopping;
    /** True while a polled batch is being handed to the producer: the consumer's position is then ahead of what was sent. */
    private boolean inBatch;
    private Set<String> subscribed = Set.of();
    private Instant nextRefresh = Instant.MIN;
    private Instant nextCommit = Instant.MIN;
    private Instant nextSummary;
    private Instant nextPrune = Instant.MIN;
    private double recordsAtLastSummary;

    /** One partition's bookkeeping; created when its first record arrives. */
    private record PartitionState(PartitionProgress progress, dev.tandem.offsets.SyncPointPolicy policy,
                                  AtomicReference<Long> nextTarget, AtomicReference<Long> committed,
                                  AtomicReference<Long> newestTimestamp, java.util.concurrent.atomic.AtomicBoolean retired) {
    }

    public FlowSession(Flow flow, ClusterIds ids, FlowClients clients, SyncPointSink sink, TopicSelector selector,
                       ReplicationMetrics metrics, Clock clock, ReplicationSettings settings) {
        this.flow = flow;
        this.ids = ids;
        this.consumer = clients.consumer();
        this.producer = clients.producer();
        this.sourceAdmin = clients.sourceAdmin();
        this.mirror = new TopicMirror(flow, clients.sourceAdmin(), clients.targetAdmin());
        this.selector = selector;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.nextSummary = clock.instant().plus(settings.summaryInterval());
        this.provenance = Provenance.headerFor(ids.source());
    }

    /** Copies until {@link #stop()} or a failure; then saves what was acknowledged. */
    public void run() {
        try {
            while (!stopping) {
                throwIfFailed();
                copyBatch();
                housekeeping();
            }
        } catch (WakeupException e) {
            LOG.debug("flow {}: woken up to stop", flow.name());
        } finally {
            finish();
        }
    }

    /** The source partitions this session replicates now (thread-safe). */
    public Set<TopicPartition> assignedPartitions() {
        return Set.copyOf(assigned);
    }

    /** Asks {@link #run()} to finish: thread-safe, returns at once. */
    public void stop() {
        stopping = true;
        stopped.countDown();
        consumer.wakeup();
    }

    private void copyBatch() {
        if (subscribed.isEmpty()) {
            awaitQuietly(Duration.ofMillis(500));
            return;
        }
        var records = consumer.poll(Duration.ofMillis(200));
        inBatch = true;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (stopping || failure.get() != null) {
                return; // inBatch stays true: only what was acknowledged is committed
            }
            copy(record);
        }
        inBatch = false;
    }

    private void copy(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        PartitionState state = states.computeIfAbsent(tp, this::newState);
        if (Provenance.wouldLoop(record.headers(), ids.target())) {
            state.progress().skipped(record.offset());
            metrics.skipped("origin-is-target");
            return;
        }
        String replica = replicaNames.computeIfAbsent(record.topic(), flow::targetTopic);
        if (mirror.knownTargetPartitions(replica) <= record.partition()) {
            mirror.sync(Set.of(record.topic()));
        }
        Headers headers = Provenance.forCopy(record.headers(), provenance);
        Long timestamp = record.timestamp() < 0 ? null : record.timestamp();
        int bytes = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        state.progress().sent(record.offset());
        long offset = record.offset();
        producer.send(new ProducerRecord<>(replica, record.partition(), timestamp, record.key(), record.value(), headers),
                (metadata, e) -> {
                    if (e != null) {
                        metrics.error(e.getClass().getSimpleName());
                        failure.compareAndSet(null, SendFailures.describe(e, flow.name(), flow.target(), tp.topic(),
                                tp.partition(), offset, replica, bytes));
                        return;
                    }
                    acknowledged(state, tp, offset, metadata.offset(), timestamp, bytes);
                });
    }

    private void acknowledged(PartitionState state, TopicPartition tp, long sourceOffset, long targetOffset,
                              Long timestamp, int bytes) {
        if (state.retired().get()) {
            return; // the partition moved to another replicator, whose copy its history now describes
        }
        Instant now = clock.instant();
        // Sync points first, progress last: a commit never covers a record whose sync points are not queued.
        pendingPoints.addAll(state.policy().onReplicated(sourceOffset, targetOffset, now));
        state.nextTarget().set(targetOffset + 1);
        state.progress().acknowledged(sourceOffset);
        if (timestamp != null) {
            state.newestTimestamp().set(timestamp);
        }
        metrics.replicated(bytes);
    }

    private PartitionState newState(TopicPartition tp) {
        return new PartitionState(new PartitionProgress(),
                new dev.tandem.offsets.SyncPointPolicy(tp.topic(), tp.partition(), settings.syncInterval()),
                new AtomicReference<>(), new AtomicReference<>(), new AtomicReference<>(),
                new java.util.concurrent.atomic.AtomicBoolean());
    }

    private void housekeeping() {
        Instant now = clock.instant();
        if (!now.isBefore(nextCommit)) {
            commit();
            updateLag(now);
            nextCommit = now.plus(settings.commitInterval());
        }
        if (!now.isBefore(nextRefresh)) {
            refreshTopics();
            nextRefresh = now.plus(flow.topicRefresh());
        }
        if (!now.isBefore(nextSummary)) {
            summary();
            nextSummary = now.plus(settings.summaryInterval());
        }
        if (!now.isBefore(nextPrune)) {
            sink.prune(now.minus(settings.syncPointRetention()));
            nextPrune = now.plus(Duration.ofHours(1));
        }
    }

    private void refreshTopics() {
        Set<String> source = KafkaCalls.await(sourceAdmin.listTopics().names(), flow.source(), "list topics");
        Set<String> selected = selector.select(source);
        mirror.sync(selected);
        if (!selected.equals(subscribed)) {
            LOG.info("flow {}: replicating {} topics from {} to {}: {}", flow.name(), selected.size(), flow.source(),
                    flow.target(), selected);
            if (selected.isEmpty()) {
                consumer.unsubscribe();
            } else {
                consumer.subscribe(selected, new Rebalance());
            }
            subscribed = selected;
        }
    }

    /** Saves sync points and progress, then commits every source offset that is safe to commit. */
    private void commit() {
        // Offsets first, then the sync points: every point of a covered record is queued by then.
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<SyncPointRepository.Progress> progress = new ArrayList<>();
        Instant now = clock.instant();
        states.forEach((tp, state) -> nextSourceOffset(tp, state).ifPresent(next -> {
            if (!Long.valueOf(next).equals(state.committed().get())) {
                offsets.put(tp, new OffsetAndMetadata(next));
                if (state.nextTarget().get() != null) {
                    progress.add(new SyncPointRepository.Progress(tp.topic(), tp.partition(), next,
                            state.nextTarget().get(), now));
                }
            }
        }));
        List<SyncPoint> points = new ArrayList<>();
        for (SyncPoint p; (p = pendingPoints.poll()) != null; ) {
            points.add(p);
        }
        if (points.isEmpty() && offsets.isEmpty()) {
            return;
        }
        sink.record(points, progress);
        points.stream().map(SyncPoint::time).max(Instant::compareTo).ifPresent(metrics::syncPointRecorded);
        if (!offsets.isEmpty()) {
            LOG.debug("flow {}: committing {} after {} sync points", flow.name(), offsets, points.size());
            consumer.commitSync(offsets);
            offsets.forEach((tp, o) -> states.get(tp).committed().set(o.offset()));
        }
    }

    /**
     * The offset to commit: past every settled record, and, once nothing is in flight, past the
     * transaction markers and aborted records the consumer stepped over (its position).
     */
    private java.util.OptionalLong nextSourceOffset(TopicPartition tp, PartitionState state) {
        java.util.OptionalLong settled = state.progress().committable();
        if (!inBatch && state.progress().inFlight() == 0 && settled.isPresent() && consumer.assignment().contains(tp)) {
            return java.util.OptionalLong.of(Math.max(settled.getAsLong(), consumer.position(tp)));
        }
        return settled;
    }

    private void updateLag(Instant now) {
        long lag = 0;
        long oldest = Long.MAX_VALUE;
        for (TopicPartition tp : consumer.assignment()) {
            long partitionLag = consumer.currentLag(tp).orElse(0);
            lag += partitionLag;
            PartitionState state = states.get(tp);
            if (partitionLag > 0 && state != null && state.newestTimestamp().get() != null) {
                oldest = Math.min(oldest, state.newestTimestamp().get());
            }
        }
        metrics.lag(lag, oldest == Long.MAX_VALUE ? 0 : Math.max(0, now.toEpochMilli() - oldest));
    }

    private void summary() {
        double total = metrics.replicatedRecords();
        double rate = (total - recordsAtLastSummary) / Math.max(1, settings.summaryInterval().toSeconds());
        recordsAtLastSummary = total;
        long behind = metrics.lagRecords();
        if (behind > 0 && metrics.progressOnTerminal()) {
            return; // the terminal's progress line says it, once a second
        }
        String eta = behind == 0 ? "caught up" : rate < 1 ? "no progress" : "ETA " + (long) (behind / rate) + " s";
        LOG.info("flow {}: {} records copied ({}/s), {} behind ({}), {} partitions assigned", flow.name(),
                (long) total, (long) rate, behind, eta, consumer.assignment().size());
    }

    private void throwIfFailed() {
        ReplicationFailedException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    private void finish() {
        try {
            producer.flush();
            commit();
        } catch (WakeupException e) {
            commit();
        } catch (RuntimeException e) {
            LOG.warn("flow {}: saving progress at shutdown failed ({}); the records since the last commit will be"
                    + " copied again", flow.name(), e.getMessage());
        } finally {
            assigned.clear();
        }
    }

    private void awaitQuietly(Duration duration) {
        try {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Forgets partitions that moved away, and the sync points of theirs not yet saved. */
    private void retire(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            assigned.remove(tp);
            PartitionState state = states.remove(tp);
            if (state != null) {
                state.retired().set(true);
            }
            pendingPoints.removeIf(p -> p.sourceTopic().equals(tp.topic()) && p.partition() == tp.partition());
        }
    }

    /** Cooperative rebalancing: only the partitions that move are settled and handed over. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            producer.flush();
            commit();
            retire(partitions);
            LOG.info("flow {}: handed over {} partitions", flow.name(), partitions.size());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
            if (!partitions.isEmpty()) {
                LOG.info("flow {}: took over {} partitions", flow.name(), partitions.size());
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            retire(partitions);
            LOG.warn("flow {}: lost {} partitions to another replicator; their uncommitted records will be copied again",
                    flow.name(), partitions.size());
        }
    }
}
