package dev.tandem.replicator.copy;

import dev.tandem.failures.Causes;
import dev.tandem.failures.Failure;
import dev.tandem.failures.FailureClassifier;
import dev.tandem.kafka.InternalTopics;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationFailedException;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.replicator.offsets.SyncPointSink;
import dev.tandem.replicator.offsets.TopicSyncPointSink;
import dev.tandem.store.NotTheOwnerException;
import dev.tandem.store.Owner;
import dev.tandem.store.StoreException;
import dev.tandem.store.SyncPointRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once: each source partition's copies, the sync points that describe them and the
 * source position that covers them commit in one transaction on the target, or not at all. The
 * position is an offset of the group {@code tandem.replicator.<flow>} on the target, committed with
 * {@code sendOffsetsToTransaction} under the replica's partition, and a partition resumes from it
 * when this process is given it (after {@code initTransactions} fenced the previous owner and
 * aborted what it left open). A reader with {@code isolation.level=read_committed} sees each
 * source record once, in order.
 *
 * <p>The store cannot join a Kafka transaction: a partition's sync points and progress are saved
 * there once its transaction committed, so the store never describes a copy that was aborted, and
 * a fenced process (whose commit fails) never writes there. A crash between the commit and the save
 * leaves the store without the last transaction's points (the target's sync point topic has them):
 * a checkpoint of an offset in that range then translates to an earlier target offset (transaction
 * markers only ever add target offsets), so the group reads some records again and skips none,
 * until the partition's next sync points. The source group's offsets are committed afterwards, for
 * lag and monitoring only.
 *
 * <p>Each save names this member of the source group and claims the partitions assigned since its
 * last save ({@link Owner}), as at-least-once does: a process frozen between its transactions'
 * commit and their save, woken after another took the partitions and saved, would otherwise replace
 * the new owner's sync points and progress with its older ones. The store refuses the moved
 * partitions; the rest of the save is made without them (their last transaction's points stay in
 * the target's topic only: the conservative gap above).
 */
public final class ExactlyOnceDelivery implements Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceDelivery.class);
    /** Transactions side by side: enough for the round trips of many partitions, few enough threads. */
    private static final int TRANSACTION_THREADS = 16;
    /**
     * How long a round (each partition's initTransactions, or its commit: the flush of its copies in flight,
     * then the transaction's end) may take before it counts as failed: each step that asks the target is
     * bounded by {@link TransactionalProducers#MAX_BLOCK}, but Kafka's flush is not (copies to a target that
     * does not answer, or to a replica deleted meanwhile until the topic refresh re-creates it, retry for the
     * 5-minute delivery timeout), and the copy loop waits for the round.
     */
    static final Duration ROUND = TransactionalProducers.MAX_BLOCK.multipliedBy(2);

    private final Flow flow;
    private final Consumer<byte[], byte[]> consumer;
    private final TargetPositions targetPositions;
    private final SourceTopicIds sourceTopicIds;
    private final TransactionalProducers producers;
    private final SyncPointSink store;
    private final ReplicationMetrics metrics;
    private final Clock clock;
    private final ReplicationSettings settings;
    private final ConsumerGroupMetadata positions;
    private final Map<TopicPartition, PartitionTransaction> partitions = new ConcurrentHashMap<>();
    private final SendOutcomes outcomes;
    private final ExecutorService transactions = transactionThreads();
    private final StoreHold hold;
    private final Duration round;
    /** Closed: what is revoked from now on (the consumer closing) was committed or given up by close(). */
    private volatile boolean closed;
    private final Claims claims = new Claims();
    /** The source topics' IDs at their assignment: a partition of a topic re-created since is not committed. */
    private final SourceTopicWatch topics;
    private boolean inBatch;
    private final TransactionCadence cadence;
    /** When the last commit round (not of lost partitions) began. */
    private Instant lastRound = Instant.MIN;
    /** Partitions were given to this process since the last round that committed anything. */
    private boolean newPartitions;
    /** A commit timed out: the target does not answer, so nothing more is asked of it before closing. */
    private boolean unanswered;

    public ExactlyOnceDelivery(Flow flow, Consumer<byte[], byte[]> consumer, TargetPositions targetPositions,
                               SourceTopicIds sourceTopicIds, TransactionalProducers producers, SyncPointSink store,
                               ReplicationMetrics metrics, Clock clock, ReplicationSettings settings) {
        this(flow, consumer, targetPositions, sourceTopicIds, producers, store, metrics, clock, settings, ROUND);
    }

    /** @param round the bound of a round ({@link #ROUND}; shorter in tests) */
    ExactlyOnceDelivery(Flow flow, Consumer<byte[], byte[]> consumer, TargetPositions targetPositions,
                        SourceTopicIds sourceTopicIds, TransactionalProducers producers, SyncPointSink store,
                        ReplicationMetrics metrics, Clock clock, ReplicationSettings settings, Duration round) {
        this.round = round;
        this.sourceTopicIds = sourceTopicIds;
        this.topics = new SourceTopicWatch(flow, sourceTopicIds);
        this.flow = flow;
        this.consumer = consumer;
        this.targetPositions = targetPositions;
        this.producers = producers;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.positions = new ConsumerGroupMetadata(FlowClients.groupId(flow));
        this.outcomes = new SendOutcomes(flow, metrics, clock,
                e -> e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException);
        this.hold = new StoreHold(flow.name());
        this.cadence = new TransactionCadence(settings.commitInterval(flow));
    }

    @Override
    public Optional<String> holding() {
        return hold.holdingBecause();
    }

    @Override
    public void assigned(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        claims.assigned(assigned);
        newPartitions = true;
        List<PartitionTransaction> opened = new ArrayList<>();
        Map<String, Uuid> topicIds = sourceTopicIds.of(new TreeSet<>(assigned.stream().map(TopicPartition::topic).toList()));
        topics.assigned(assigned, topicIds);
        for (TopicPartition tp : assigned) {
            PartitionTransaction partition = new PartitionTransaction(flow, tp,
                    producers.open(TransactionalProducers.transactionalId(flow, tp)), settings.syncInterval(),
                    Optional.ofNullable(topicIds.get(tp.topic())));
            partitions.put(tp, partition);
            opened.add(partition);
        }
        sideBySide(opened, p -> {
            p.producer().initTransactions(); // fences the previous owner, aborts what it left open
            return null;
        }).forEach(Outcome::orThrow);
        resumeFromTarget(assigned, topicIds);
    }

    /**
     * Runs {@code work} for every item at once and returns the outcomes in order: initTransactions of
     * every newly assigned partition (a round trip or two to the coordinator each), and each commit
     * (flush, sync points, position, EndTxn). An assignment or a commit round then waits for the
     * slowest partition, never for the sum, and at most {@link #ROUND}, whatever the number of partitions:
     * a partition still at work then fails the round with a {@link TimeoutException} (its thread goes on
     * until the session closes its producer). The copy loop waits meanwhile, so the consumer (not
     * thread-safe) is only ever used on its thread.
     */
    private <T, R> List<Outcome<R>> sideBySide(List<T> items, Function<T, R> work) {
        List<Future<Outcome<R>>> futures = items.stream()
                .map(item -> transactions.submit(() -> Outcome.of(() -> work.apply(item)))).toList();
        List<Outcome<R>> outcomes = new ArrayList<>();
        long deadline = System.nanoTime() + round.toNanos();
        for (Future<Outcome<R>> future : futures) {
            try {
                outcomes.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.TimeoutException late) {
                outcomes.add(new Outcome<>(null, new TimeoutException("no answer from " + flow.target() + " within "
                        + round.toSeconds() + " s (copies in flight not acknowledged: the replica missing, or the"
                        + " target not answering)")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause()); // Outcome.of catches what work throws
            }
        }
        return outcomes;
    }

    /** What one item's work returned or threw. */
    private record Outcome<R>(R value, RuntimeException failure) {
        static <R> Outcome<R> of(Supplier<R> work) {
            try {
                return new Outcome<>(work.get(), null);
            } catch (RuntimeException e) {
                return new Outcome<>(null, e);
            }
        }

        R orThrow() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    /**
     * Seeks each partition to the position committed with its last transaction, where there is one, unless
     * that position was committed for another topic of the same name (deleted and re-created since: a new
     * topic ID): then the new topic is copied from its first record, after the old one's in the replica.
     */
    private void resumeFromTarget(Collection<TopicPartition> assigned, Map<String, Uuid> topicIds) {
        Map<TopicPartition, TopicPartition> replicaOf = new HashMap<>();
        assigned.forEach(tp -> replicaOf.put(new TopicPartition(flow.targetTopic(tp.topic()), tp.partition()), tp));
        Map<TopicPartition, TargetPositions.Position> committed = targetPositions.committed(replicaOf.keySet());
        List<TopicPartition> recreated = new ArrayList<>();
        Set<TopicPartition> withoutPosition = new java.util.HashSet<>();
        replicaOf.forEach((replica, source) -> {
            TargetPositions.Position position = committed.get(replica);
            if (position == null) {
                withoutPosition.add(source);
                return;
            }
            // a replica's log only grows: a copy landing before this end finds it deleted and re-created
            position.replicaEnd().ifPresent(partitions.get(source)::replicaEndedAt);
            Uuid now = topicIds.get(source.topic());
            if (position.forAnotherTopicThan(now)) {
                recreated.add(source);
                LOG.warn("flow {}: {} {} is not the topic the flow copied up to offset {} (topic ID {}, now {}): it was"
                        + " deleted and re-created; the new topic is copied from its first record, after the old one's in"
                        + " {}", flow.name(), flow.source(), source, position.next(), position.sourceTopicId().get(), now,
                        replica);
                return;
            }
            consumer.seek(source, position.next());
            partitions.get(source).resumedAt(position.next());
        });
        if (!recreated.isEmpty()) {
            consumer.seekToBeginning(recreated);
        }
        if (!withoutPosition.isEmpty()) { // resumed from the source group's offsets: the replica's end they name
            List<TopicPartition> otherTopic = new ArrayList<>();
            consumer.committed(withoutPosition, Duration.ofSeconds(30)).forEach((tp, offset) -> {
                CommitMetadata metadata = CommitMetadata.of(offset);
                metadata.replicaEnd().ifPresent(partitions.get(tp)::replicaEndedAt);
                Uuid now = topicIds.get(tp.topic());
                if (metadata.forAnotherTopicThan(now)) {
                    otherTopic.add(tp); // committed for the topic this one replaced
                }
            });
            if (!otherTopic.isEmpty()) {
                LOG.warn("flow {}: {} {} resumed from source offsets committed for the topics these replaced (deleted"
                        + " and re-created): copied from their first records", flow.name(), flow.source(), otherTopic);
                consumer.seekToBeginning(otherTopic);
            }
        }
        LOG.info("flow {}: resumed {} partitions from their positions on {}", flow.name(), assigned.size(), flow.target());
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
        PartitionTransaction partition = partitions.get(source);
        if (partition == null || partition.fenced()) {
            return; // taken over by another process: its records are not ours to copy any more
        }
        try {
            partition.send(sourceOffset, record, outcomes.settling(partition, source, sourceOffset, record, bytes));
        } catch (ProducerFencedException e) {
            fenced(List.of(source));
        }
    }

    /**
     * Whether a failed commit means another process took the partition over. The broker says so
     * plainly to the transaction's end ({@link ProducerFencedException}); a write with a stale epoch
     * only gets {@link InvalidProducerEpochException}, which a transaction timed out by the
     * coordinator gets too: then aborting tells the two apart (a fenced producer cannot abort).
     */
    private static boolean fencedBy(RuntimeException e, PartitionTransaction partition) {
        if (Causes.inChain(e, ProducerFencedException.class)) {
            return true;
        }
        return Causes.inChain(e, InvalidProducerEpochException.class) && partition.fencedOnAbort();
    }

    @Override
    public void skipped(TopicPartition source, long sourceOffset) {
        PartitionTransaction partition = partitions.get(source);
        if (partition != null) {
            partition.skipped(sourceOffset);
        }
    }

    @Override
    public void throwIfFailed() {
        outcomes.throwIfFailed();
    }

    @Override
    public boolean commitDue(Instant now, java.util.function.BooleanSupplier caughtUp) {
        boolean open = partitions.values().stream().anyMatch(PartitionTransaction::open);
        return cadence.endsEarly(now, lastRound, open, newPartitions, caughtUp);
    }

    @Override
    public void commit() {
        lastRound = clock.instant();
        commit(partitions.keySet(), false);
    }

    /** @param lost the consumer no longer owns these: their positions are not asked, only what was acknowledged counts */
    private void commit(Collection<TopicPartition> which, boolean lost) {
        List<PartitionTransaction> round = new ArrayList<>();
        Map<TopicPartition, Optional<LongSupplier>> positionOf =
                new HashMap<>();
        for (TopicPartition tp : which) {
            PartitionTransaction partition = partitions.get(tp);
            if (partition == null || partition.fenced()) {
                continue;
            }
            round.add(partition);
            // asked here, on the copy loop's thread: the consumer is not thread-safe (and does not move meanwhile)
            if (lost || inBatch || !consumer.assignment().contains(tp)) {
                positionOf.put(tp, Optional.empty());
            } else {
                try {
                    long position = consumer.position(tp);
                    positionOf.put(tp, Optional.of(() -> position));
                } catch (org.apache.kafka.clients.consumer.InvalidOffsetException notYetPlaced) {
                    positionOf.put(tp, Optional.empty()); // the next poll places it (CopyLoop): nothing read from it yet
                }
            }
        }
        if (!lost) {
            // a topic re-created since its assignment: what was copied since may come from the new topic, at the
            // old one's offsets; its transactions stay open, aborted as the session ends, which the check fails
            Map<TopicPartition, SourceTopicWatch.Change> recreated = topics.recreatedAmong(round.stream()
                    .map(PartitionTransaction::source).toList());
            if (!recreated.isEmpty()) {
                round.removeIf(p -> recreated.containsKey(p.source()));
                outcomes.fail(topics.refusal(recreated));
            }
        }
        List<Outcome<PartitionTransaction.Committed>> results = sideBySide(round, partition -> partition.commit(
                positionOf.get(partition.source()), new TopicSyncPointSink(flow, partition.producer()), positions,
                clock.instant()));
        List<TopicPartition> fenced = new ArrayList<>();
        Map<TopicPartition, PartitionTransaction.Committed> committed = new LinkedHashMap<>();
        for (int i = 0; i < round.size(); i++) {
            PartitionTransaction partition = round.get(i);
            TopicPartition tp = partition.source();
            try {
                committed.put(tp, results.get(i).orThrow());
            } catch (RuntimeException e) {
                if (fencedBy(e, partition)) {
                    fenced.add(tp);
                } else if (Causes.inChain(e, InvalidProducerEpochException.class)) {
                    outcomes.fail(abortedByTheBroker(tp, e));
                } else {
                    outcomes.fail(e instanceof ReplicationFailedException told ? told : commitFailed(flow, tp, e));
                    // the target (or its coordinator) does not answer: closing asks it nothing more
                    unanswered |= Causes.inChain(e, TimeoutException.class);
                }
            }
        }
        if (committed.values().stream().anyMatch(c -> c != PartitionTransaction.Committed.NOTHING)) {
            newPartitions = false;
        }
        save(committed);
        fenced(fenced);
        if (!lost) {
            throwIfFailed();
        }
    }

    /**
     * The round's committed sync points and progress into the store, in one write (one write per
     * partition, sixteen database transactions a round for eight partitions, made short transactions
     * slow); then the source group's offsets, for lag and monitoring.
     */
    private void save(Map<TopicPartition, PartitionTransaction.Committed> committed) {
        List<SyncPoint> newer = new ArrayList<>();
        List<SyncPointRepository.Progress> newerProgress = new ArrayList<>();
        committed.values().forEach(c -> {
            newer.addAll(c.points());
            newerProgress.addAll(c.progress());
        });
        List<SyncPoint> points = hold.pointsWith(newer);
        List<SyncPointRepository.Progress> progress = hold.progressWith(newerProgress);
        if (!points.isEmpty() || !progress.isEmpty()) {
            try {
                recordOwned(points, progress);
                hold.saved(clock.instant());
            } catch (StoreException refused) {
                // committed on the target already: held, and saved before the next round's (the session pauses)
                hold.refused(points, progress, refused, clock.instant());
                return;
            } catch (RuntimeException e) {
                outcomes.fail(new ReplicationFailedException("flow " + flow.name() + ": saving the sync points of "
                        + new TreeSet<>(committed.keySet().stream().map(TopicPartition::toString).toList())
                        + " to the store failed after their transactions committed on " + flow.target() + " (the"
                        + " target's " + InternalTopics.SYNC_POINTS + " has them): " + e.getMessage(),
                        FailureClassifier.of(e), e));
                return;
            }
        }
        committed.forEach((tp, c) -> c.next().ifPresent(next -> commitSourceQuietly(tp, next, c.progress().stream()
                .mapToLong(SyncPointRepository.Progress::nextTarget).max())));
    }

    /**
     * Saves them for this member; when the store says some partitions moved to another process since,
     * saves the rest without them (a second refusal goes on up).
     */
    private void recordOwned(List<SyncPoint> points, List<SyncPointRepository.Progress> progress) {
        Claims.Claim claim = claims.claim(consumer);
        try {
            store.record(claim.owner(), points, progress);
        } catch (NotTheOwnerException moved) {
            Set<dev.tandem.client.Partition> gone = moved.partitions();
            LOG.warn("flow {}: partitions {} were taken over by another process before the sync points of their last"
                    + " committed transactions reached the store; the new owner's are kept (the target's {} has these)",
                    flow.name(), gone, InternalTopics.SYNC_POINTS);
            claims.movedAway(gone);
            claim = claims.claim(consumer);
            store.record(claim.owner(), points.stream().filter(p -> !gone.contains(
                            new dev.tandem.client.Partition(p.sourceTopic(), p.partition()))).toList(),
                    progress.stream().filter(p -> !gone.contains(new dev.tandem.client.Partition(p.topic(), p.partition())))
                            .toList());
        }
        claims.saved(claim);
    }

    /** For lag and monitoring only: the position that counts is the target's. */
    private void commitSourceQuietly(TopicPartition tp, long next, OptionalLong nextTarget) {
        // with the replica's end: where the target has no position (its replica deleted takes the group's offsets
        // of it along), the partition resumes from this one, and a copy landing before that end stops the flow
        consumer.commitAsync(Map.of(tp, new OffsetAndMetadata(next, new CommitMetadata(topics.idOf(tp), nextTarget)
                .format())), (offsets, e) -> {
            if (e != null) {
                LOG.debug("flow {}: committing {} on {} failed: {}", flow.name(), tp, flow.source(), e.getMessage());
            }
        });
    }

    private void fenced(List<TopicPartition> fenced) {
        if (fenced.isEmpty()) {
            return;
        }
        fenced.forEach(tp -> partitions.get(tp).fence());
        consumer.pause(fenced.stream().filter(consumer.assignment()::contains).toList());
        LOG.warn("flow {}: partitions {} were taken over by another process; this process stops copying them"
                + " (their open transaction is aborted; nothing is committed twice)", flow.name(),
                new TreeSet<>(fenced.stream().map(TopicPartition::toString).toList()));
    }

    @Override
    public void revoked(Collection<TopicPartition> revoked) {
        try {
            if (!closed) { // else its failure, if any, was told already: thrown here, Kafka would log it again
                commit(revoked, false);
            }
        } finally {
            hold.forget(revoked);
            claims.gone(revoked);
            revoked.forEach(tp -> closeQuietly(partitions.remove(tp)));
        }
    }

    /**
     * Partitions lost without a rebalance (this process was away past its session timeout): their
     * open transactions are committed if the broker still lets this producer do so, which it does
     * only while no other process opened the partition's transactional id; once another did, the
     * commit is refused as fenced and said so. Either way the next owner resumes exactly after what
     * was committed.
     */
    @Override
    public void lost(Collection<TopicPartition> lost) {
        try {
            commit(lost, true);
        } finally {
            hold.forget(lost);
            claims.gone(lost);
            lost.forEach(tp -> closeQuietly(partitions.remove(tp)));
        }
    }

    @Override
    public OptionalLong newestTimestamp(TopicPartition source) {
        PartitionTransaction partition = partitions.get(source);
        return partition == null ? OptionalLong.empty() : partition.newestTimestamp();
    }

    /** Commits what was delivered unless the session failed (then the open transactions are aborted); closes the producers. */
    @Override
    public void close() {
        closed = true;
        try {
            if (!outcomes.failed()) {
                commit();
            }
        } catch (RuntimeException e) {
            LOG.warn("flow {}: committing at shutdown failed ({}); the open transactions are aborted and their records"
                    + " copied again by whoever resumes", flow.name(), e.getMessage());
        } finally {
            // a replica found rewound: its sync points name records it no longer has
            outcomes.rewound().ifPresent(tp -> store.forget(tp.topic()));
            if (hold.holding()) {
                LOG.warn("flow {}: the store did not take the sync points of transactions committed on {} ({}); the"
                        + " target's {} has them, and checkpoints in their range translate to earlier copies until the"
                        + " next ones", flow.name(), flow.target(), hold.cause(), InternalTopics.SYNC_POINTS);
            }
            partitions.values().forEach(this::closeQuietly);
            partitions.clear();
            transactions.shutdownNow();
        }
    }

    private static ExecutorService transactionThreads() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(TRANSACTION_THREADS,
                TRANSACTION_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "tandem-transactions");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private void closeQuietly(PartitionTransaction partition) {
        if (partition != null) {
            // an abort the target does not answer would wait max.block.ms per partition: the next owner's
            // initTransactions aborts what is left open instead. Nor is a close given time then (up to 5 s each,
            // one partition after another): its sends in flight belong to that open transaction, which nothing
            // will commit (in ExactlyOnceIT, the restart after a round's 60 s bound came 67 s after the target
            // froze with the 5 s, 62 s without)
            partition.close(unanswered ? Duration.ZERO : Duration.ofSeconds(5), !unanswered);
        }
    }

    /**
     * A stale epoch that an abort got past: another process opened the partition's transactional id
     * meanwhile, or the coordinator aborted the transaction for outliving {@code transaction.timeout.ms}.
     * Either way nothing of it was committed; the session restarts and resumes from the target's
     * positions (and, if another process owns the partition now, the group gives this one its share).
     */
    private ReplicationFailedException abortedByTheBroker(TopicPartition tp, RuntimeException e) {
        return new ReplicationFailedException("flow " + flow.name() + ": the transaction of " + tp + " on "
                + flow.target() + " was aborted by the broker (another process took the partition over, or it outlived"
                + " transaction.timeout.ms); nothing of it was committed",
                // classified by the stale epoch itself, not by a wrapper that took it for a refused write
                FailureClassifier.of(Causes.first(e, InvalidProducerEpochException.class)), e);
    }

    /** Wraps what a commit could not get past, as the copy loop's failures are. */
    static ReplicationFailedException commitFailed(Flow flow, TopicPartition tp, RuntimeException e) {
        if (Causes.inChain(e, GroupAuthorizationException.class)) {
            String group = FlowClients.groupId(flow);
            Failure.NotAuthorized denied = new Failure.NotAuthorized(
                    flow.target(), "group " + group, "READ", " (exactly-once delivery commits each transaction's source"
                    + " positions as offsets of that group on the target: grant the replicator's principal READ and"
                    + " DESCRIBE on GROUP " + group + ")");
            return new ReplicationFailedException("flow " + flow.name() + ": " + denied.describe(), denied, e);
        }
        return new ReplicationFailedException("flow " + flow.name() + ": committing the transaction of " + tp + " on "
                + flow.target() + " failed: " + e.getMessage(), FailureClassifier.ofWrite(flow.target(),
                flow.targetTopic(tp.topic()), e), e);
    }
}
