package dev.tandem.replicator.metrics;

/**
 * How far a flow is, for a progress display: records copied by this process since it started,
 * and records on the source its partitions have not read yet.
 */
public record FlowProgress(String flow, long copiedRecords, long behindRecords) {
}
