package dev.tandem.replicator.copy;

import dev.tandem.failures.FailureClassifier;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationFailedException;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the target answers to a session's sends: the callback that settles a copy, and the first
 * failure, which ends the session. Callbacks run on the producer's thread; an exception thrown in
 * one would only be logged by the producer while its partition's commits stopped for good without
 * a word, so the bookkeeping's own failures end the session too (it restarts from what was
 * committed, saying why).
 */
final class SendOutcomes {

    /** Records a copy the target acknowledged; false when its partition no longer counts it. */
    @FunctionalInterface
    interface Acknowledgement {
        /** @param timestamp the copy's timestamp, negative when it has none */
        boolean acknowledged(long sourceOffset, long targetOffset, long timestamp, Instant now);
    }

    private final Flow flow;
    private final ReplicationMetrics metrics;
    private final Clock clock;
    private final Predicate<Exception> toldElsewhere;
    private final AtomicReference<ReplicationFailedException> failure = new AtomicReference<>();
    /** A source partition whose replica was found rewound (deleted and re-created, or truncated). */
    private final AtomicReference<TopicPartition> rewound = new AtomicReference<>();

    /**
     * @param toldElsewhere send failures that are not a copy's to report (an exactly-once partition's fencing is
     *                      told by its commit)
     */
    SendOutcomes(Flow flow, ReplicationMetrics metrics, Clock clock, Predicate<Exception> toldElsewhere) {
        this.flow = flow;
        this.metrics = metrics;
        this.clock = clock;
        this.toldElsewhere = toldElsewhere;
    }

    /** The callback of one copy: {@code record}, of the record at {@code sourceOffset} of {@code source}. */
    Callback settling(Acknowledgement partition, TopicPartition source, long sourceOffset,
                      ProducerRecord<byte[], byte[]> record, int bytes) {
        Long timestamp = record.timestamp();
        return new Settling(partition, source, sourceOffset, record.topic(), timestamp == null ? -1 : timestamp, bytes);
    }

    /**
     * One copy's callback, held by the producer until the target answers: a flow catching up has a few hundred
     * thousand in flight, so it is one small object that keeps what its outcome needs and not the record.
     */
    private final class Settling implements Callback {
        private final Acknowledgement partition;
        private final TopicPartition source;
        private final long sourceOffset;
        private final String replica;
        private final long timestamp;
        private final int bytes;

        Settling(Acknowledgement partition, TopicPartition source, long sourceOffset, String replica, long timestamp,
                 int bytes) {
            this.partition = partition;
            this.source = source;
            this.sourceOffset = sourceOffset;
            this.replica = replica;
            this.timestamp = timestamp;
            this.bytes = bytes;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e != null) {
                if (!toldElsewhere.test(e)) {
                    metrics.error(e.getClass().getSimpleName());
                    fail(SendFailures.describe(e, flow.name(), flow.target(), source.topic(), source.partition(),
                            sourceOffset, replica, bytes));
                }
                return;
            }
            try {
                if (partition.acknowledged(sourceOffset, metadata.offset(), timestamp, clock.instant())) {
                    metrics.replicated(bytes);
                }
            } catch (PartitionLedger.ReplicaRewound rewound) {
                SendOutcomes.this.rewound.compareAndSet(null, source);
                fail(new ReplicationFailedException("flow " + flow.name() + ": replica " + replica + "-"
                        + source.partition() + " on " + flow.target() + " ends before what the flow had copied into it"
                        + " (the copy of " + source + " offset " + sourceOffset + " landed at offset "
                        + rewound.targetOffset + ", the replica had reached " + rewound.knownEnd + "): it was deleted"
                        + " and re-created (or truncated), and its sync points no longer name its records; nothing more"
                        + " is copied into it. To refill it from the source: " + refill(source, replica),
                        new dev.tandem.failures.Failure.Permanent(flow.target()), rewound));
            } catch (RuntimeException bug) {
                fail(new ReplicationFailedException("flow " + flow.name() + ": recording the copy of " + source
                        + " offset " + sourceOffset + " failed: " + bug, FailureClassifier.of(bug), bug));
            }
        }
    }

    /**
     * How to refill a replica from the source: at-least-once keeps its positions on the source (the group's
     * offsets of the source topic); exactly-once on the target, by replica partition, with each transaction,
     * and falls back to the source group's (committed for monitoring) where the target has none.
     */
    private String refill(TopicPartition source, String replica) {
        String group = FlowClients.groupId(flow);
        String reset = " to the earliest offset (kafka-consumer-groups --reset-offsets --to-earliest)";
        if (flow.delivery() == dev.tandem.playbook.DeliveryGuarantee.EXACTLY_ONCE) {
            return "stop the flow's replicators, reset group " + group + " on " + flow.target() + " for " + replica
                    + " and on " + flow.source() + " for " + source.topic() + reset + ", delete " + replica + " on "
                    + flow.target() + ", and start them again";
        }
        return "stop the flow's replicators, delete " + replica + " on " + flow.target() + ", reset group " + group
                + " on " + flow.source() + " for " + source.topic() + reset + ", and start them again";
    }

    /** Keeps the first failure of the session. */
    void fail(ReplicationFailedException e) {
        failure.compareAndSet(null, e);
    }

    /** The source partition whose replica a copy found rewound, if one did. */
    java.util.Optional<TopicPartition> rewound() {
        return java.util.Optional.ofNullable(rewound.get());
    }

    boolean failed() {
        return failure.get() != null;
    }

    void throwIfFailed() {
        ReplicationFailedException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
