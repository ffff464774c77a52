package dev.tandem.replicator.copy;

import dev.tandem.failures.Failure;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationFailedException;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the copy does when a partition's position is no longer on the source (the consumer's offset
 * reset is {@code none}: never a silent jump). Below the log start, the source deleted records before
 * they were copied (retention, or deleteRecords): they are lost at the source, recorded in the
 * store (for verify), counted ({@code tandem_records_lost_at_source_total}) and told in a WARN naming the partition and the
 * offsets, and the copy goes on from the log start. Past the log end, the partition is not the one
 * the flow copied (the topic was deleted and re-created, or its log truncated): the flow stops with
 * one line saying so and what to do, rather than copy or skip anything on a guess.
 */
final class SourceGaps {

    private static final Logger LOG = LoggerFactory.getLogger(SourceGaps.class);
    private static final Duration CALL = Duration.ofSeconds(30);

    /** A partition's position against its log: lost records below the start, or a position past the end. */
    sealed interface Gap {
        /** Offsets {@code from} to {@code to - 1} were deleted before they were copied. */
        record Lost(long from, long to) implements Gap {
            long count() {
                return to - from;
            }
        }

        /** The position is past the partition's end. */
        record PastTheEnd(long position, long end) implements Gap {
        }

        /** The position is inside the log again (another call moved it): nothing to do. */
        record None() implements Gap {
        }

        static Gap of(long position, long logStart, long logEnd) {
            if (position < logStart) {
                return new Lost(position, logStart);
            }
            return position > logEnd ? new PastTheEnd(position, logEnd) : new None();
        }
    }

    private final Flow flow;
    private final String sourceAlias;
    private final Consumer<byte[], byte[]> consumer;
    private final ReplicationMetrics metrics;
    private final SourceGapLog log;

    SourceGaps(Flow flow, Consumer<byte[], byte[]> consumer, ReplicationMetrics metrics, SourceGapLog log) {
        this.log = log;
        this.flow = flow;
        this.sourceAlias = flow.source();
        this.consumer = consumer;
        this.metrics = metrics;
    }

    /** How to move the flow's progress of a partition back to the start: where the delivery keeps it. */
    private String reset(TopicPartition tp) {
        String group = FlowClients.groupId(flow);
        if (flow.delivery() == dev.tandem.playbook.DeliveryGuarantee.EXACTLY_ONCE) {
            return "reset group " + group + " on " + flow.target() + " (exactly-once keeps the flow's progress there, by"
                    + " replica partition) for " + flow.targetTopic(tp.topic()) + " to offset 0 (kafka-consumer-groups"
                    + " --reset-offsets --to-offset 0)";
        }
        return "reset group " + group + " on " + sourceAlias + " for " + tp.topic() + " to the earliest offset"
                + " (kafka-consumer-groups --reset-offsets --to-earliest)";
    }

    /** The partitions whose fetch position (given) is out of their log's range: decides for each. */
    void outOfRange(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(positions.keySet(), CALL);
        Map<TopicPartition, Long> ends = consumer.endOffsets(positions.keySet(), CALL);
        for (Map.Entry<TopicPartition, Long> entry : positions.entrySet()) {
            TopicPartition tp = entry.getKey();
            Gap gap = Gap.of(entry.getValue(), starts.get(tp), ends.get(tp));
            if (gap instanceof Gap.Lost lost) {
                // Recorded first: if the store does not take it, the flow restarts and finds the gap again.
                // Counted once: a restart before a commit past the gap finds it again, and the store knows it.
                long unrecorded = log.lost(tp, lost.from(), lost.to());
                metrics.lostAtSource(tp.topic(), unrecorded);
                LOG.warn("flow {}: {} {} offsets {} to {} were deleted on {} before they were copied (retention.ms or"
                        + " retention.bytes, or deleteRecords): {} record(s) lost at the source{}; copying goes on from offset {}",
                        flow.name(), sourceAlias, tp, lost.from(), lost.to() - 1, sourceAlias, lost.count(),
                        unrecorded == lost.count() ? "" : " (" + (lost.count() - unrecorded) + " of them found and counted before)",
                        lost.to());
                consumer.seek(tp, lost.to());
            } else if (gap instanceof Gap.PastTheEnd past) {
                throw new ReplicationFailedException("flow " + flow.name() + ": " + sourceAlias + " " + tp
                        + ": the flow's position " + past.position() + " is past the partition's end " + past.end()
                        + " (the topic was deleted and re-created, or its log truncated); nothing is copied from it on a"
                        + " guess: to copy it from its start, stop the flow's replicators, " + reset(tp)
                        + " and start them again", new Failure.Permanent(sourceAlias), null);
            }
        }
    }
}
