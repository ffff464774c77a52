package dev.tandem.replicator.copy;

import org.apache.kafka.common.TopicPartition;

/** Where a flow records the source records it found deleted before it copied them (the store, for verify). */
@FunctionalInterface
public interface SourceGapLog {

    /** Records nothing. */
    SourceGapLog NONE = (partition, from, to) -> { };

    /** Offsets {@code from} to {@code to - 1} of {@code partition} were deleted on the source before they were copied. */
    void lost(TopicPartition partition, long from, long to);
}
