package dev.tandem.replicator.metrics;

import java.util.OptionalLong;

/**
 * How far a flow is, for a progress display: records (and their key and value bytes) copied by
 * this process since it started, records on the source its partitions have not read yet, and the
 * flow's max-bytes-per-second if it has one.
 */
public record FlowProgress(String flow, long copiedRecords, long behindRecords, long copiedBytes,
                           OptionalLong maxBytesPerSecond) {

    public FlowProgress(String flow, long copiedRecords, long behindRecords) {
        this(flow, copiedRecords, behindRecords, 0, OptionalLong.empty());
    }
}
