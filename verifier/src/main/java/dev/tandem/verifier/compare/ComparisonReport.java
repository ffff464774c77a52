package dev.tandem.verifier.compare;

import java.time.Instant;
import java.util.List;

/**
 * A comparison of a flow's selected source partitions with their replicas.
 *
 * @param problems what could not be compared at all (a replica topic or partition missing on the target)
 */
public record ComparisonReport(String flow, String source, String target, Instant startedAt, Instant finishedAt,
                               List<PartitionComparison> partitions, List<String> problems) {

    public ComparisonReport {
        partitions = List.copyOf(partitions);
        problems = List.copyOf(problems);
    }

    /**
     * Every source record in range was replicated and has its copy, equal, and the target holds
     * nothing else in the compared range.
     */
    public boolean same() {
        return problems.isEmpty() && partitions.stream().allMatch(PartitionComparison::same);
    }

    public long compared() {
        return partitions.stream().mapToLong(PartitionComparison::compared).sum();
    }

    public long equal() {
        return partitions.stream().mapToLong(PartitionComparison::equal).sum();
    }

    public long missing() {
        return partitions.stream().mapToLong(PartitionComparison::missing).sum();
    }

    public long extra() {
        return partitions.stream().mapToLong(PartitionComparison::extra).sum();
    }

    public long mismatched() {
        return partitions.stream().mapToLong(PartitionComparison::mismatched).sum();
    }

    public long notReplicated() {
        return partitions.stream().mapToLong(PartitionComparison::notReplicated).sum();
    }
}
