package dev.tandem.replicator.copy;

import dev.tandem.offsets.SyncPoint;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.replicator.offsets.SyncPointSink;
import dev.tandem.store.Owner;
import dev.tandem.store.StoreException;
import dev.tandem.store.SyncPointRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once: a source offset is committed (in the flow's consumer group on the source) only
 * once the target acknowledged every record before it, and only after the sync points that
 * describe those copies are saved. A crash at any moment loses nothing; the records after the
 * last commit are copied again.
 *
 * <p>Commit order, per {@link #commit()}: (1) take each partition's settlement (its sync points
 * and its committable offset, together); (2) save every sync point and the partitions' progress
 * to the sink; (3) commit the offsets. A failure in (2) commits nothing. When the store refuses (2)
 * the delivery holds what it refused ({@link StoreHold}) and {@link #holding()} pauses the session:
 * each commit tries again, with the held points first, until the store takes them.
 *
 * <p>Each save names this member of the group and the partitions assigned to it since its last save
 * ({@link Owner}): the store refuses a save of partitions that another member claimed since. A
 * replicator frozen past its session timeout (a long GC, a stopped VM) and woken up would otherwise
 * save its older sync points over the new owner's newer ones before its commit is refused, and the
 * checkpoints translated from them would skip records. Refused, it commits nothing and the flow
 * starts again. A claim takes the partitions from whoever held them in the store, so before it the
 * delivery commits again the offsets it found committed at the assignment: the group refuses that
 * commit from a member it has replaced, so a member frozen between an assignment and its first save
 * cannot claim on waking either (left: a freeze between that commit and the claim, milliseconds, and
 * a partition with no committed offset yet, which has nothing to commit again).
 */
public final class AtLeastOnceDelivery implements Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(AtLeastOnceDelivery.class);
    private static final java.time.Duration COMMITTED = java.time.Duration.ofSeconds(30);

    /** Closed: what is revoked from now on (the consumer closing) was settled by close(). */
    private volatile boolean closed;
    private final Flow flow;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final SyncPointSink sink;
    private final ReplicationMetrics metrics;
    private final Clock clock;
    private final ReplicationSettings settings;
    private final Map<TopicPartition, PartitionLedger> ledgers = new ConcurrentHashMap<>();
    private final SendOutcomes outcomes;
    private final MetadataWarmup warmup;
    private final StoreHold hold;
    private final Claims claims = new Claims();
    /** The source topics' IDs at their assignment: a save of a topic re-created since is refused. */
    private final SourceTopicWatch topics;
    /** What the group had committed for them when they were assigned: committed again before the claim. */
    private final Map<TopicPartition, OffsetAndMetadata> committedAtAssignment = new ConcurrentHashMap<>();
    /** True while a polled batch is being handed to the producer: the consumer's position is then ahead of what was sent. */
    private boolean inBatch;
    /** Runs the saves to the store: in the background in a running flow, so that the copy goes on meanwhile. */
    private final Executor saver;
    /** The saver this delivery made, shut down when the session ends (empty: one it was given). */
    private final Optional<ExecutorService> ownSaver;
    /** The save the last commit began, until its source offsets are committed (the flow's thread only). */
    private volatile PendingSave pending;
    /** The group refused a commit of source offsets for good (this member was replaced): thrown on the flow's thread. */
    private volatile RuntimeException commitRefused;
    /**
     * A save failed other than by the store refusing it (its partitions moved to another member, its sync points'
     * topic refused them): its sync points are gone, so nothing more is committed; the session ends.
     */
    private boolean saveFailed;
    /** How long a save may be in flight before the copy pauses for it (at least a commit-interval). */
    private static final java.time.Duration SLOW_SAVE = java.time.Duration.ofSeconds(5);

    /**
     * A save in flight and what its success commits.
     *
     * @param points      every sync point it saves, held ones first ({@code progress} likewise)
     * @param newPoints   the sync points of this commit's own settlements
     * @param ledgers     the ledger of each partition when it began: one that moved away since (and maybe came
     *                    back, with a ledger of its own) is neither committed nor held by it
     * @param recommitted what it committed again before its claim (the offsets found at the assignment)
     */
    private record PendingSave(CompletableFuture<Void> saved, Claims.Claim claim, List<SyncPoint> points,
                               List<SyncPointRepository.Progress> progress, List<SyncPoint> newPoints,
                               Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, PartitionLedger> ledgers,
                               Map<TopicPartition, OffsetAndMetadata> recommitted, Instant at) {

        boolean stillOurs(Map<TopicPartition, PartitionLedger> now, TopicPartition tp) {
            PartitionLedger then = ledgers.get(tp);
            return then != null && now.get(tp) == then;
        }
    }

    /** Saves each commit's sync points and progress in the calling thread: the copy waits for them (tests). */
    public AtLeastOnceDelivery(Flow flow, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                               SyncPointSink sink, ReplicationMetrics metrics, Clock clock, ReplicationSettings settings) {
        this(flow, consumer, producer, sink, metrics, clock, settings, Runnable::run, SourceTopicIds.NONE);
    }

    /**
     * Saves each commit's sync points and progress on a thread of its own ({@code tandem-save-<flow>}), so
     * that the copy goes on during a save (10-50 ms on a local H2 file, seconds the first time); the source
     * offsets a save covers are committed once it succeeded. Before each save it asks the source whether the
     * topics it covers are still the ones assigned ({@link SourceTopicWatch}).
     */
    public static AtLeastOnceDelivery savingInBackground(Flow flow, Consumer<byte[], byte[]> consumer,
                                                         Producer<byte[], byte[]> producer, SyncPointSink sink,
                                                         ReplicationMetrics metrics, Clock clock,
                                                         ReplicationSettings settings, SourceTopicIds topicIds) {
        ExecutorService saver = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "tandem-save-" + flow.name());
            thread.setDaemon(true);
            return thread;
        });
        return new AtLeastOnceDelivery(flow, consumer, producer, sink, metrics, clock, settings, saver, topicIds);
    }

    /** As below, knowing no topic IDs (tests). */
    AtLeastOnceDelivery(Flow flow, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                        SyncPointSink sink, ReplicationMetrics metrics, Clock clock, ReplicationSettings settings,
                        Executor saver) {
        this(flow, consumer, producer, sink, metrics, clock, settings, saver, SourceTopicIds.NONE);
    }

    /**
     * @param saver    runs the saves to the store (an {@link ExecutorService} it is given is shut down at the end)
     * @param topicIds the source topics' IDs, asked before each save (and at an assignment, for the partitions
     *                 whose committed offsets name one)
     */
    AtLeastOnceDelivery(Flow flow, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                        SyncPointSink sink, ReplicationMetrics metrics, Clock clock, ReplicationSettings settings,
                        Executor saver, SourceTopicIds topicIds) {
        this.saver = saver;
        this.topics = new SourceTopicWatch(flow, topicIds);
        this.ownSaver = saver instanceof ExecutorService service ? Optional.of(service) : Optional.empty();
        this.flow = flow;
        this.consumer = consumer;
        this.producer = producer;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.outcomes = new SendOutcomes(flow, metrics, clock, e -> false);
        this.warmup = new MetadataWarmup(producer, flow.name());
        this.hold = new StoreHold(flow.name());
    }

    /**
     * Also while a save has been in flight longer than 5 s (or the commit interval, if longer): nothing more is
     * copied until it answers.
     */
    @Override
    public java.util.Optional<String> holding() {
        java.util.Optional<String> held = hold.holdingBecause();
        PendingSave save = pending;
        if (held.isPresent() || save == null || save.saved().isDone()) {
            return held;
        }
        java.time.Duration waited = java.time.Duration.between(save.at(), clock.instant());
        java.time.Duration bound = settings.commitInterval(flow).compareTo(SLOW_SAVE) > 0 ? settings.commitInterval(flow)
                : SLOW_SAVE;
        return waited.compareTo(bound) > 0
                ? java.util.Optional.of("the store has not answered the save of the sync points for "
                + waited.toMillis() + " ms") : java.util.Optional.empty();
    }

    @Override
    public void willSendTo(Collection<String> replicas) {
        warmup.warm(replicas);
    }

    @Override
    public void batchPolled() {
        inBatch = true;
    }

    @Override
    public void batchHandedOver() {
        inBatch = false;
    }

    @Override
    public void send(TopicPartition source, long sourceOffset, ProducerRecord<byte[], byte[]> record, int bytes) {
        PartitionLedger ledger = ledger(source);
        ledger.sent(sourceOffset);
        producer.send(record, outcomes.settling(ledger, source, sourceOffset, record, bytes));
    }

    @Override
    public void assigned(Collection<TopicPartition> partitions) {
        // The consumer resumes from the group's committed offsets on the source; each commit's metadata
        // says where the replica partition ended then, below which no later copy may land.
        if (partitions.isEmpty()) {
            return;
        }
        claims.assigned(partitions);
        Map<TopicPartition, OffsetAndMetadata> committedNow = consumer.committed(new java.util.HashSet<>(partitions),
                COMMITTED);
        // A partition resuming from an offset that names its topic's ID: its topic's ID now is asked here, to tell
        // before the first fetch whether that offset was the topic's this one replaced. The others (a new flow's,
        // an older version's offsets) take the ID the first check finds, on the save thread: a start of 1,000 new
        // topics would otherwise wait here for their descriptions at each assignment.
        Map<TopicPartition, CommitMetadata> metadataOf = new HashMap<>();
        partitions.forEach(tp -> metadataOf.put(tp, CommitMetadata.of(committedNow.get(tp))));
        List<TopicPartition> named = new ArrayList<>();
        List<TopicPartition> others = new ArrayList<>();
        partitions.forEach(tp -> (metadataOf.get(tp).sourceTopicId().isPresent() ? named : others).add(tp));
        Map<String, org.apache.kafka.common.Uuid> topicIds = topics.assigned(named);
        topics.assigned(others, Map.of());
        List<TopicPartition> recreated = new ArrayList<>();
        committedNow.forEach((tp, committed) -> {
            CommitMetadata metadata = metadataOf.get(tp);
            org.apache.kafka.common.Uuid now = topicIds.get(tp.topic());
            if (committed != null && metadata.forAnotherTopicThan(now)) {
                // committed for the topic this one replaced (a commit that landed after the re-creation)
                recreated.add(tp);
                LOG.warn("flow {}: {} {} is not the topic the flow committed offset {} for (topic ID {}, now {}): it"
                        + " was deleted and re-created; the new topic is copied from its first record, after the old"
                        + " one's", flow.name(), flow.source(), tp, committed.offset(), metadata.sourceTopicId().get(),
                        now);
            } else if (committed != null) {
                committedAtAssignment.put(tp, committed);
            }
            metadata.replicaEnd().ifPresent(ledger(tp)::replicaEndedAt);
        });
        if (!recreated.isEmpty()) {
            consumer.seekToBeginning(recreated);
        }
    }

    @Override
    public void skipped(TopicPartition source, long sourceOffset) {
        ledger(source).skipped(sourceOffset);
    }

    @Override
    public void throwIfFailed() {
        outcomes.throwIfFailed();
    }

    @Override
    public void commit() {
        commit(false);
    }

    @Override
    public void completeCommits() {
        RuntimeException refused = commitRefused;
        if (refused != null) {
            commitRefused = null;
            throw refused;
        }
        if (pending != null && pending.saved().isDone()) {
            finish(false);
        }
    }

    /**
     * @param wait whether to finish here what this commit saves (and a save still in flight before it), with
     *             the source offsets committed synchronously: partitions revoked, the session ending
     */
    private void commit(boolean wait) {
        if (saveFailed) {
            return;
        }
        if (pending != null) {
            if (!wait && !pending.saved().isDone()) {
                return; // what was delivered since is settled by the first commit after this save finished
            }
            finish(wait);
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<SyncPointRepository.Progress> progress = new ArrayList<>();
        List<SyncPoint> points = new ArrayList<>();
        Instant now = clock.instant();
        // Positions first: asking one may throw (a wakeup, a timeout), and it must not do so once some
        // ledgers gave up their sync points for this commit.
        Map<TopicPartition, Optional<LongSupplier>> positions = new HashMap<>();
        ledgers.keySet().forEach(tp -> positions.put(tp, position(tp)));
        ledgers.forEach((tp, ledger) -> {
            PartitionLedger.Settlement settlement = ledger.settle(positions.getOrDefault(tp, Optional.empty()));
            points.addAll(settlement.syncPoints());
            settlement.nextSourceOffset().ifPresent(next -> {
                offsets.put(tp, new OffsetAndMetadata(next, new CommitMetadata(topics.idOf(tp), settlement.nextTarget())
                        .format()));
                settlement.nextTarget().ifPresent(target -> progress.add(
                        new SyncPointRepository.Progress(tp.topic(), tp.partition(), next, target, now)));
            });
        });
        if (points.isEmpty() && offsets.isEmpty() && !hold.holding()) {
            return;
        }
        List<SyncPoint> toSave = hold.pointsWith(points);
        List<SyncPointRepository.Progress> progressToSave = hold.progressWith(progress);
        Map<TopicPartition, OffsetAndMetadata> recommitted = Map.of();
        if (claims.any() && !committedAtAssignment.isEmpty()) {
            // A claim replaces whoever held the partitions in the store: first prove to the group that they are
            // still this member's, by committing again what it found committed. A member frozen since its
            // assignment (past its session timeout) is refused here, before its claim could undo the new owner's.
            recommitted = new HashMap<>(committedAtAssignment);
            consumer.commitSync(recommitted);
        }
        Claims.Claim claim = claims.claim(consumer);
        CompletableFuture<Void> saved;
        try {
            Set<TopicPartition> covered = new java.util.HashSet<>(offsets.keySet());
            points.forEach(p -> covered.add(new TopicPartition(p.sourceTopic(), p.partition())));
            saved = CompletableFuture.runAsync(() -> {
                topics.throwIfRecreated(covered); // what was copied since may come from another topic's offsets
                sink.record(claim.owner(), toSave, progressToSave);
            }, saver);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            saved = CompletableFuture.failedFuture(closing);
        }
        pending = new PendingSave(saved, claim, toSave, progressToSave, points, offsets, new HashMap<>(ledgers),
                recommitted, now);
        if (wait || saved.isDone()) {
            finish(wait);
        }
    }

    /**
     * The save of the last commit finished (or is waited for): on success, its source offsets are committed
     * (asynchronously, unless {@code sync}); refused by the store, it is held; any other failure goes on up
     * (a {@code NotTheOwnerException}: this member's partitions moved on, and its commit would be refused too).
     */
    private void finish(boolean sync) {
        PendingSave save = pending;
        pending = null;
        try {
            save.saved().join();
        } catch (java.util.concurrent.CompletionException failed) {
            if (failed.getCause() instanceof StoreException refused) {
                // held, but for partitions that moved away during the save (what is held of them is forgotten);
                // the ledgers offer these offsets again
                hold.refused(save.points().stream().filter(p -> save.stillOurs(ledgers,
                                new TopicPartition(p.sourceTopic(), p.partition()))).toList(),
                        save.progress().stream().filter(p -> save.stillOurs(ledgers,
                                new TopicPartition(p.topic(), p.partition()))).toList(), refused, save.at());
                return;
            }
            saveFailed = true;
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
        claims.saved(save.claim());
        // what an assignment since then found committed is committed again before its own claim
        save.recommitted().forEach((tp, offset) -> committedAtAssignment.computeIfPresent(tp,
                (k, atAssignment) -> atAssignment == offset ? null : atAssignment));
        hold.saved(clock.instant());
        save.newPoints().stream().map(SyncPoint::time).max(Instant::compareTo).ifPresent(metrics::syncPointRecorded);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        // a partition that moved away since (and maybe came back: a ledger of its own) is not this save's to commit
        save.offsets().forEach((tp, offset) -> {
            if (save.stillOurs(ledgers, tp)) {
                offsets.put(tp, offset);
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        LOG.debug("flow {}: committing {} after {} sync points", flow.name(), offsets, save.points().size());
        if (!sync) {
            // the copy goes on meanwhile; the answer comes with a later poll, on this thread
            consumer.commitAsync(offsets, (done, e) -> committed(save, done, e));
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (org.apache.kafka.common.errors.RebalanceInProgressException rebalancing) {
            // The sync points are saved; the ledgers offer these offsets again at the next commit, after the
            // poll that completes the rebalance. Restarting the flow here would rejoin the group and start
            // another rebalance of every member.
            LOG.debug("flow {}: commit of {} put off: the group is rebalancing", flow.name(), offsets);
            return;
        }
        committed(save, offsets, null);
    }

    /** The group's answer to a commit of source offsets: a refusal for good ends the session at the next loop. */
    private void committed(PendingSave save, Map<TopicPartition, OffsetAndMetadata> offsets, Exception e) {
        if (e == null) {
            offsets.forEach((tp, offset) -> {
                if (save.stillOurs(ledgers, tp)) {
                    ledgers.get(tp).committed(offset.offset());
                }
            });
        } else if (e instanceof org.apache.kafka.common.errors.RebalanceInProgressException
                || e instanceof org.apache.kafka.common.errors.RetriableException) {
            LOG.debug("flow {}: commit of {} put off: {}", flow.name(), offsets, e.getMessage());
        } else {
            commitRefused = e instanceof RuntimeException runtime ? runtime
                    : new org.apache.kafka.common.KafkaException(e);
        }
    }

    /** The consumer's position where it may be committed: every polled record of the partition was handed over. */
    private Optional<LongSupplier> position(TopicPartition tp) {
        if (inBatch || !consumer.assignment().contains(tp)) {
            return Optional.empty();
        }
        try {
            long position = consumer.position(tp);
            return Optional.of(() -> position);
        } catch (org.apache.kafka.clients.consumer.InvalidOffsetException notYetPlaced) {
            return Optional.empty(); // the next poll places it (CopyLoop): nothing read from it yet
        }
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        if (!closed) { // closing the consumer revokes all: close() has saved (or told why it could not) already
            producer.flush();
            commit(true);
        }
        retire(partitions);
    }

    @Override
    public void lost(Collection<TopicPartition> partitions) {
        retire(partitions);
    }

    @Override
    public OptionalLong newestTimestamp(TopicPartition source) {
        PartitionLedger ledger = ledgers.get(source);
        return ledger == null ? OptionalLong.empty() : ledger.newestTimestamp();
    }

    @Override
    public void close() {
        closed = true;
        warmup.close();
        try {
            producer.flush();
            commit(true);
        } catch (WakeupException e) {
            commit(true);
        } catch (RuntimeException e) {
            LOG.warn("flow {}: saving progress at shutdown failed ({}); the records since the last commit will be"
                    + " copied again", flow.name(), e.getMessage());
        } finally {
            ownSaver.ifPresent(ExecutorService::shutdown);
        }
        warnIfStillHeld("at shutdown");
    }

    private void warnIfStillHeld(String when) {
        if (hold.holding()) {
            LOG.warn("flow {}: saving progress {} failed ({}); the records since the last commit will be copied again",
                    flow.name(), when, hold.cause());
        }
    }

    /** Also, when a replica was found rewound: its partition's sync points name records it no longer has. */
    @Override
    public void abandon() {
        closed = true;
        warmup.close();
        try {
            commit(true);
        } catch (RuntimeException e) {
            LOG.warn("flow {}: saving progress after a failure failed ({}); the records since the last commit will be"
                    + " copied again", flow.name(), e.getMessage());
        } finally {
            ownSaver.ifPresent(ExecutorService::shutdown);
        }
        warnIfStillHeld("after a failure");
        outcomes.rewound().ifPresent(tp -> sink.forget(tp.topic()));
    }

    private void retire(Collection<TopicPartition> partitions) {
        hold.forget(partitions);
        claims.gone(partitions);
        partitions.forEach(committedAtAssignment::remove);
        for (TopicPartition tp : partitions) {
            PartitionLedger ledger = ledgers.remove(tp);
            if (ledger != null) {
                ledger.retire();
            }
        }
    }

    private PartitionLedger ledger(TopicPartition tp) {
        PartitionLedger ledger = ledgers.get(tp); // asked per record: the capturing lambda below is made only when missing
        return ledger != null ? ledger
                : ledgers.computeIfAbsent(tp, p -> new PartitionLedger(p.topic(), p.partition(), settings.syncInterval()));
    }
}
