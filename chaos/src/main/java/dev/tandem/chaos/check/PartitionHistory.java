package dev.tandem.chaos.check;

import java.util.List;
import java.util.Set;

/**
 * Everything the checker needs about one source partition after a run: the workload records on the
 * source and on the target (offset and sequence number, in offset order), the writes the source
 * acknowledged, every sync point and every checkpoint of the run's group written for the partition,
 * and the target partition's end offset when each fault began (to tell duplicates per fault).
 */
public record PartitionHistory(String topic, int partition, List<Copy> onSource, List<Copy> onTarget, Set<Long> acknowledged,
                               List<OffsetPair> syncPoints, List<Translated> checkpoints, List<Long> targetEndAtFault) {

    public PartitionHistory {
        onSource = List.copyOf(onSource);
        onTarget = List.copyOf(onTarget);
        acknowledged = Set.copyOf(acknowledged);
        syncPoints = List.copyOf(syncPoints);
        checkpoints = List.copyOf(checkpoints);
        targetEndAtFault = List.copyOf(targetEndAtFault);
    }

    /** A workload record at {@code offset} with sequence number {@code seq}. */
    public record Copy(long offset, long seq) {
    }

    /** A sync point: source offset {@code sourceOffset} was written at target offset {@code targetOffset}. */
    public record OffsetPair(long sourceOffset, long targetOffset) {
    }

    /**
     * A checkpoint: the group's committed source offset and the target offset it resumes at, {@code exact}
     * when Tandem translated it exactly (else the group was ahead of replication: it resumes at the end of
     * what was copied).
     */
    public record Translated(long sourceOffset, long targetOffset, boolean exact) {
    }

    public String name() {
        return topic + "-" + partition;
    }
}
