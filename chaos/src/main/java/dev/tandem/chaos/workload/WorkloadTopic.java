package dev.tandem.chaos.workload;

/** A source topic of the workload: plain, compacted (unique keys: nothing compacted away) or written in transactions. */
public record WorkloadTopic(String name, int partitions, Kind kind, int recordsPerSecond) {

    public enum Kind { PLAIN, COMPACTED, TRANSACTIONAL }

    /** The three topics of a run, named after it: plain (4 partitions), compacted and transactional (2 each). */
    public static java.util.List<WorkloadTopic> of(String run, int plainRate) {
        return java.util.List.of(new WorkloadTopic(run + ".plain", 4, Kind.PLAIN, plainRate),
                new WorkloadTopic(run + ".compacted", 2, Kind.COMPACTED, Math.max(1, plainRate / 4)),
                new WorkloadTopic(run + ".transactional", 2, Kind.TRANSACTIONAL, Math.max(1, plainRate / 4)));
    }
}
