package dev.tandem.replicator.copy;

import dev.tandem.failures.FailureClassifier;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationFailedException;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.replicator.offsets.SyncPointSink;
import dev.tandem.replicator.offsets.TopicSyncPointSink;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
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
 */
public final class ExactlyOnceDelivery implements Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceDelivery.class);

    private final Flow flow;
    private final Consumer<byte[], byte[]> consumer;
    private final Admin targetAdmin;
    private final TransactionalProducers producers;
    private final SyncPointSink store;
    private final ReplicationMetrics metrics;
    private final Clock clock;
    private final ReplicationSettings settings;
    private final ConsumerGroupMetadata positions;
    private final Map<TopicPartition, PartitionTransaction> partitions = new ConcurrentHashMap<>();
    private final AtomicReference<ReplicationFailedException> failure = new AtomicReference<>();
    private boolean inBatch;

    public ExactlyOnceDelivery(Flow flow, Consumer<byte[], byte[]> consumer, Admin targetAdmin,
                               TransactionalProducers producers, SyncPointSink store, ReplicationMetrics metrics,
                               Clock clock, ReplicationSettings settings) {
        this.flow = flow;
        this.consumer = consumer;
        this.targetAdmin = targetAdmin;
        this.producers = producers;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.positions = new ConsumerGroupMetadata(FlowClients.groupId(flow));
    }

    @Override
    public void assigned(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        for (TopicPartition tp : assigned) {
            PartitionTransaction partition = new PartitionTransaction(flow, tp,
                    producers.open(TransactionalProducers.transactionalId(flow, tp)), settings.syncInterval());
            partitions.put(tp, partition);
            partition.producer().initTransactions(); // fences the previous owner, aborts what it left open
        }
        resumeFromTarget(assigned);
    }

    /** Seeks each partition to the position committed with its last transaction, where there is one. */
    private void resumeFromTarget(Collection<TopicPartition> assigned) {
        Map<TopicPartition, TopicPartition> replicaOf = new java.util.HashMap<>();
        assigned.forEach(tp -> replicaOf.put(new TopicPartition(flow.targetTopic(tp.topic()), tp.partition()), tp));
        Map<TopicPartition, OffsetAndMetadata> committed = KafkaCalls.await(targetAdmin.listConsumerGroupOffsets(
                Map.of(positions.groupId(), new ListConsumerGroupOffsetsSpec().topicPartitions(replicaOf.keySet())),
                new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata(
                positions.groupId()), flow.target(), "read the positions of group " + positions.groupId());
        replicaOf.forEach((replica, source) -> {
            OffsetAndMetadata position = committed.get(replica);
            if (position != null) {
                consumer.seek(source, position.offset());
                partitions.get(source).resumedAt(position.offset());
            }
        });
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
    public void send(TopicPartition source, long sourceOffset, ProducerRecord<byte[], byte[]> record, RecordCopy copy) {
        PartitionTransaction partition = partitions.get(source);
        if (partition == null || partition.fenced()) {
            return; // taken over by another process: its records are not ours to copy any more
        }
        try {
            partition.send(sourceOffset, record, (metadata, e) -> {
                if (e != null) {
                    failed(source, sourceOffset, copy, e);
                    return;
                }
                try {
                    if (partition.acknowledged(sourceOffset, metadata.offset(), copy.timestamp(), clock.instant())) {
                        metrics.replicated(copy.bytes());
                    }
                } catch (RuntimeException bug) {
                    failure.compareAndSet(null, new ReplicationFailedException("flow " + flow.name()
                            + ": recording the copy of " + source + " offset " + sourceOffset + " failed: " + bug,
                            FailureClassifier.of(bug), bug));
                }
            });
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            fenced(List.of(source));
        }
    }

    private void failed(TopicPartition source, long sourceOffset, RecordCopy copy, Exception e) {
        if (e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException) {
            return; // seen and told by the commit
        }
        metrics.error(e.getClass().getSimpleName());
        failure.compareAndSet(null, SendFailures.describe(e, flow.name(), flow.target(), source.topic(),
                source.partition(), sourceOffset, copy.replica(), copy.bytes()));
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
        ReplicationFailedException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void commit() {
        commit(partitions.keySet());
    }

    private void commit(Collection<TopicPartition> which) {
        List<TopicPartition> fenced = new java.util.ArrayList<>();
        for (TopicPartition tp : which) {
            PartitionTransaction partition = partitions.get(tp);
            if (partition == null || partition.fenced()) {
                continue;
            }
            try {
                partition.commit(inBatch || !consumer.assignment().contains(tp) ? java.util.Optional.empty()
                                : java.util.Optional.of(() -> consumer.position(tp)),
                        new TopicSyncPointSink(flow, partition.producer()), store, positions, clock.instant())
                        .ifPresent(next -> commitSourceQuietly(tp, next));
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                fenced.add(tp);
            } catch (ReplicationFailedException e) {
                failure.compareAndSet(null, e);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, commitFailed(flow, tp, e));
            }
        }
        fenced(fenced);
        throwIfFailed();
    }

    /** For lag and monitoring only: the position that counts is the target's. */
    private void commitSourceQuietly(TopicPartition tp, long next) {
        consumer.commitAsync(Map.of(tp, new OffsetAndMetadata(next)), (offsets, e) -> {
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
        consumer.pause(fenced);
        LOG.warn("flow {}: partitions {} were taken over by another process; this process stops copying them"
                + " (their open transaction is aborted; nothing is committed twice)", flow.name(),
                new TreeSet<>(fenced.stream().map(TopicPartition::toString).toList()));
    }

    @Override
    public void revoked(Collection<TopicPartition> revoked) {
        try {
            commit(revoked);
        } finally {
            revoked.forEach(tp -> closeQuietly(partitions.remove(tp)));
        }
    }

    @Override
    public void lost(Collection<TopicPartition> lost) {
        lost.forEach(tp -> closeQuietly(partitions.remove(tp)));
    }

    @Override
    public OptionalLong newestTimestamp(TopicPartition source) {
        PartitionTransaction partition = partitions.get(source);
        return partition == null ? OptionalLong.empty() : partition.newestTimestamp();
    }

    /** Commits what was delivered unless the session failed (then the open transactions are aborted); closes the producers. */
    @Override
    public void close() {
        try {
            if (failure.get() == null) {
                commit();
            }
        } catch (RuntimeException e) {
            LOG.warn("flow {}: committing at shutdown failed ({}); the open transactions are aborted and their records"
                    + " copied again by whoever resumes", flow.name(), e.getMessage());
        } finally {
            partitions.values().forEach(this::closeQuietly);
            partitions.clear();
        }
    }

    private void closeQuietly(PartitionTransaction partition) {
        if (partition != null) {
            partition.close(Duration.ofSeconds(5));
        }
    }

    /** Wraps what a commit could not get past, as the copy loop's failures are. */
    static ReplicationFailedException commitFailed(Flow flow, TopicPartition tp, RuntimeException e) {
        return new ReplicationFailedException("flow " + flow.name() + ": committing the transaction of " + tp + " on "
                + flow.target() + " failed: " + e.getMessage(), FailureClassifier.ofWrite(flow.target(),
                flow.targetTopic(tp.topic()), e), e);
    }
}
