package dev.tandem.replicator.copy;

import dev.tandem.failures.FailureClassifier;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationFailedException;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Callback;
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
        boolean acknowledged(long sourceOffset, long targetOffset, OptionalLong timestamp, Instant now);
    }

    private final Flow flow;
    private final ReplicationMetrics metrics;
    private final Clock clock;
    private final AtomicReference<ReplicationFailedException> failure = new AtomicReference<>();
    /** A source partition whose replica was found rewound (deleted and re-created, or truncated). */
    private final AtomicReference<TopicPartition> rewound = new AtomicReference<>();

    SendOutcomes(Flow flow, ReplicationMetrics metrics, Clock clock) {
        this.flow = flow;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The callback of one copy. {@code toldElsewhere}: send failures that are not this copy's to
     * report (an exactly-once partition's fencing is told by its commit).
     */
    Callback settling(Acknowledgement partition, TopicPartition source, long sourceOffset, Delivery.RecordCopy copy,
                      Predicate<Exception> toldElsewhere) {
        return (metadata, e) -> {
            if (e != null) {
                if (!toldElsewhere.test(e)) {
                    metrics.error(e.getClass().getSimpleName());
                    fail(SendFailures.describe(e, flow.name(), flow.target(), source.topic(), source.partition(),
                            sourceOffset, copy.replica(), copy.bytes()));
                }
                return;
            }
            try {
                if (partition.acknowledged(sourceOffset, metadata.offset(), copy.timestamp(), clock.instant())) {
                    metrics.replicated(copy.bytes());
                }
            } catch (PartitionLedger.ReplicaRewound rewound) {
                this.rewound.compareAndSet(null, source);
                fail(new ReplicationFailedException("flow " + flow.name() + ": replica " + copy.replica() + "-"
                        + source.partition() + " on " + flow.target() + " ends before what the flow had copied into it"
                        + " (the copy of " + source + " offset " + sourceOffset + " landed at offset "
                        + rewound.targetOffset + ", the replica had reached " + rewound.knownEnd + "): it was deleted"
                        + " and re-created (or truncated), and its sync points no longer name its records; nothing more"
                        + " is copied into it. To refill it from the source: " + refill(source, copy.replica()),
                        new dev.tandem.failures.Failure.Permanent(flow.target()), rewound));
            } catch (RuntimeException bug) {
                fail(new ReplicationFailedException("flow " + flow.name() + ": recording the copy of " + source
                        + " offset " + sourceOffset + " failed: " + bug, FailureClassifier.of(bug), bug));
            }
        };
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
