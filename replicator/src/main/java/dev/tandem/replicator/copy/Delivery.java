package dev.tandem.replicator.copy;

import java.util.Collection;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What "done" means for the records a flow session copies: the copy loop only polls and sends;
 * a delivery decides which records count as delivered, saves the sync points that describe them
 * and commits the source positions that cover them, and settles partitions that move away. Every
 * method is called on the flow's thread, except the callbacks it hands out (the producer's thread).
 * At-least-once is {@link AtLeastOnceDelivery}; exactly-once is a second implementation.
 */
public interface Delivery extends AutoCloseable {

    /** The consumer returned a batch: until {@link #batchHandedOver()}, its position is ahead of what was sent. */
    void batchPolled();

    /** Every record of the batch was sent or skipped. */
    void batchHandedOver();

    /**
     * Sends {@code record}, the copy of the record at {@code sourceOffset} of {@code source}, and
     * settles it when the target answers. A failure, or an exception in the bookkeeping, fails the
     * session through {@link #throwIfFailed()}.
     *
     * @param bytes the record's key and value bytes (the metrics, a failure's message)
     */
    void send(TopicPartition source, long sourceOffset, ProducerRecord<byte[], byte[]> record, int bytes);

    /** The flow is about to copy into these replicas (newly selected topics, their replicas in place). */
    default void willSendTo(java.util.Collection<String> replicas) {
    }

    /** The consumer group gave this process these partitions (before their first records are polled). */
    void assigned(Collection<TopicPartition> partitions);

    /** The record is not copied on purpose (it would loop back to its origin): it counts as delivered. */
    void skipped(TopicPartition source, long sourceOffset);

    /** Throws the failure a send or its bookkeeping reported, if any (a {@code ReplicationFailedException}). */
    void throwIfFailed();

    /**
     * Saves what was delivered and commits the source positions that cover it: at once, or (at-least-once
     * in a running flow) by beginning a save that {@link #completeCommits()} finishes.
     */
    void commit();

    /**
     * Asked after each batch: whether to {@link #commit()} now, before the commit-interval is up (exactly-once
     * ends its transactions early once caught up, see {@link TransactionCadence}; at-least-once never).
     *
     * @param caughtUp whether every partition the session copies has no record left to copy (asks the consumer)
     */
    default boolean commitDue(java.time.Instant now, java.util.function.BooleanSupplier caughtUp) {
        return false;
    }

    /**
     * Called on the flow's thread between batches: commits the source positions a save begun by
     * {@link #commit()} covers once it finished, and throws what the group answered a commit for good.
     */
    default void completeCommits() {
    }

    /**
     * Why the delivery holds what it delivered without having saved it (the store refused it), if it
     * does: the session then polls nothing new (its partitions paused, the group kept) until a
     * {@link #commit()} gets the held sync points into the store, so that an outage of the store
     * copies nothing twice.
     */
    default java.util.Optional<String> holding() {
        return java.util.Optional.empty();
    }

    /** Partitions given to another replicator: settle what was delivered, then forget them. */
    void revoked(Collection<TopicPartition> partitions);

    /** Partitions taken away without a chance to settle: forget them; their records since the last commit are copied again. */
    void lost(Collection<TopicPartition> partitions);

    /** Timestamp of the newest delivered copy of a partition (for the lag in seconds). */
    OptionalLong newestTimestamp(TopicPartition source);

    /** Waits for what is in flight and commits what was delivered; the session ends. */
    @Override
    void close();

    /**
     * The session ends on a failure: commits what was delivered without waiting for what is in flight
     * (sends to a missing or re-created replica retry until the producer's delivery timeout), which
     * the next session copies again.
     */
    default void abandon() {
        close();
    }
}
