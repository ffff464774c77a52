package dev.tandem.chaos.workload;

/**
 * A source topic of the workload: plain, compacted (unique keys: nothing compacted away), written in
 * transactions, plain and deleted and re-created by the run, or plain with its replica deleted on the
 * target and refilled (those two left out of the run's other data faults).
 */
public record WorkloadTopic(String name, int partitions, Kind kind, int recordsPerSecond) {

    public enum Kind { PLAIN, COMPACTED, TRANSACTIONAL, RECREATED, REFILLED }

    /**
     * The five topics of a run, named after it: plain (4 partitions), compacted and transactional (2 each, a
     * quarter of the rate each), the one the run re-creates and the one whose replica it deletes (2
     * partitions, an eighth each).
     */
    public static java.util.List<WorkloadTopic> of(String run, int plainRate) {
        return java.util.List.of(new WorkloadTopic(run + ".plain", 4, Kind.PLAIN, plainRate),
                new WorkloadTopic(run + ".compacted", 2, Kind.COMPACTED, Math.max(1, plainRate / 4)),
                new WorkloadTopic(run + ".transactional", 2, Kind.TRANSACTIONAL, Math.max(1, plainRate / 4)),
                new WorkloadTopic(run + ".recreated", 2, Kind.RECREATED, Math.max(1, plainRate / 8)),
                new WorkloadTopic(run + ".refilled", 2, Kind.REFILLED, Math.max(1, plainRate / 8)));
    }
}
