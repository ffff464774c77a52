package dev.tandem.replicator.copy;

import dev.tandem.offsets.SyncPoint;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.offsets.SyncPointSink;
import dev.tandem.store.SyncPointRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.LoggerFactory;

/**
 * One source partition of an exactly-once flow: its transactional producer, its ledger, and the
 * transaction open on the target, if any. A transaction begins with the first copy after a commit
 * and ends at the next commit with the copies' sync points and the source position in it.
 * Once fenced (another process took the partition over), nothing more is sent or committed.
 */
final class PartitionTransaction implements SendOutcomes.Acknowledgement {

    private final Flow flow;
    private final TopicPartition source;
    private final TopicPartition replica;
    private final Producer<byte[], byte[]> producer;
    private final PartitionLedger ledger;
    /** Written with each position (empty: unknown). */
    private final Optional<org.apache.kafka.common.Uuid> sourceTopicId;
    private boolean open;
    private volatile boolean fenced;

    /** @param sourceTopicId the source topic's ID, written with each position (empty: unknown) */
    PartitionTransaction(Flow flow, TopicPartition source, Producer<byte[], byte[]> producer, Duration syncInterval,
                         Optional<org.apache.kafka.common.Uuid> sourceTopicId) {
        this.sourceTopicId = sourceTopicId;
        this.flow = flow;
        this.source = source;
        this.replica = new TopicPartition(flow.targetTopic(source.topic()), source.partition());
        this.producer = producer;
        this.ledger = new PartitionLedger(source.topic(), source.partition(), syncInterval);
    }

    TopicPartition source() {
        return source;
    }

    Producer<byte[], byte[]> producer() {
        return producer;
    }

    /** The partition resumes at the position its last transaction committed: that one needs no commit again. */
    void resumedAt(long nextSourceOffset) {
        ledger.committed(nextSourceOffset);
    }

    /** Where the replica partition ended when the last position was committed: no later copy may land before it. */
    void replicaEndedAt(long nextTargetOffset) {
        ledger.replicaEndedAt(nextTargetOffset);
    }

    void send(long sourceOffset, ProducerRecord<byte[], byte[]> record, Callback callback) {
        begin();
        ledger.sent(sourceOffset);
        producer.send(record, callback);
    }

    void skipped(long sourceOffset) {
        ledger.skipped(sourceOffset);
    }

    @Override
    public boolean acknowledged(long sourceOffset, long targetOffset, long timestamp, Instant now) {
        return ledger.acknowledged(sourceOffset, targetOffset, timestamp, now);
    }

    /**
     * What a commit put in its transaction, for the store once it committed: the sync points, the
     * progress, and the next source offset, if the position moved.
     */
    record Committed(Optional<Long> next, List<SyncPoint> points, List<SyncPointRepository.Progress> progress) {
        static final Committed NOTHING = new Committed(Optional.empty(), List.of(), List.of());
    }

    /**
     * Waits for the copies in flight, then commits them in one transaction with their sync points
     * (on the target's sync point topic) and the source position. Returns what committed, for the
     * caller to save to the store once the transaction committed (never points of an aborted copy,
     * and never from a process that was fenced meanwhile).
     */
    Committed commit(Optional<LongSupplier> consumerPosition, SyncPointSink topic, ConsumerGroupMetadata positions,
                     Instant now) {
        producer.flush();
        PartitionLedger.Settlement settlement = ledger.settle(consumerPosition);
        OptionalLong next = settlement.nextSourceOffset();
        List<SyncPoint> points = settlement.syncPoints();
        if (next.isEmpty() && points.isEmpty() && !open) {
            return Committed.NOTHING;
        }
        begin();
        List<SyncPointRepository.Progress> progress = next.isPresent() && settlement.nextTarget().isPresent()
                ? List.of(new SyncPointRepository.Progress(source.topic(), source.partition(), next.getAsLong(),
                settlement.nextTarget().getAsLong(), now)) : List.of();
        topic.record(points, progress);
        if (next.isPresent()) {
            String metadata = new CommitMetadata(sourceTopicId, settlement.nextTarget()).format();
            producer.sendOffsetsToTransaction(Map.of(replica, new OffsetAndMetadata(next.getAsLong(), metadata)), positions);
        }
        producer.commitTransaction();
        open = false;
        next.ifPresent(ledger::committed);
        return new Committed(next.isPresent() ? Optional.of(next.getAsLong()) : Optional.empty(), points, progress);
    }

    /** After a stale-epoch error: aborts, and says whether the broker refused even that (another producer took the id over). */
    boolean fencedOnAbort() {
        try {
            producer.abortTransaction();
            open = false;
            return false;
        } catch (ProducerFencedException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Another process took the partition over: its copies here are void. */
    void fence() {
        fenced = true;
        ledger.retire();
    }

    /** Whether a transaction is open (something was copied since the last commit). */
    boolean open() {
        return open && !fenced;
    }

    boolean fenced() {
        return fenced;
    }

    OptionalLong newestTimestamp() {
        return ledger.newestTimestamp();
    }

    /**
     * Aborts an open transaction if asked to (never when fenced: the new owner aborted it), closes the
     * producer. An aborted transaction frees read_committed readers of the partition at once; one left
     * open holds them until the next owner's initTransactions or transaction.timeout.ms.
     */
    void close(Duration timeout, boolean abort) {
        try {
            if (abort && open && !fenced) {
                producer.abortTransaction();
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(PartitionTransaction.class).debug("flow {}: aborting the transaction of {} failed"
                    + " ({}); the next owner's initTransactions aborts it", flow.name(), replica, e.getMessage());
        } finally {
            producer.close(timeout);
        }
    }

    private void begin() {
        if (!open) {
            producer.beginTransaction();
            open = true;
        }
    }
}
