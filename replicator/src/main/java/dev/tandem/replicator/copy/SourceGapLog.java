package dev.tandem.replicator.copy;

import org.apache.kafka.common.TopicPartition;

/** Where a flow records the source records it found deleted before it copied them (the store, for verify). */
@FunctionalInterface
public interface SourceGapLog {

    /** Records nothing: every gap is new. */
    SourceGapLog NONE = (partition, from, to) -> to - from;

    /**
     * Offsets {@code from} to {@code to - 1} of {@code partition} were deleted on the source before they were
     * copied; returns how many of them were not recorded before (0 when a restart finds the same gap again).
     */
    long lost(TopicPartition partition, long from, long to);
}
