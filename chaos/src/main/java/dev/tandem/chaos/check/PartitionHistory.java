package dev.tandem.chaos.check;

import java.util.List;
import java.util.Set;

/**
 * Everything the checker needs about one source partition after a run: the workload records on the
 * source and on the target (offset and sequence number, in offset order), the writes the source
 * acknowledged, every sync point and every checkpoint of the run's group written for the partition,
 * the target partition's end offset when each fault began (to tell duplicates per fault), and what the
 * run deleted on the source on purpose with the gaps the flow reported for it.
 */
public record PartitionHistory(String topic, int partition, List<Copy> onSource, List<Copy> onTarget, Set<Long> acknowledged,
                               List<OffsetPair> syncPoints, List<Translated> checkpoints, List<Long> targetEndAtFault,
                               Deletions deletions) {

    /** A history without deletions by the run. */
    public PartitionHistory(String topic, int partition, List<Copy> onSource, List<Copy> onTarget, Set<Long> acknowledged,
                            List<OffsetPair> syncPoints, List<Translated> checkpoints, List<Long> targetEndAtFault) {
        this(topic, partition, onSource, onTarget, acknowledged, syncPoints, checkpoints, targetEndAtFault, Deletions.NONE);
    }

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

    /** Source offsets {@code from} to {@code to - 1}. */
    public record Range(long from, long to) {
        boolean contains(long offset) {
            return offset >= from && offset < to;
        }
    }

    /**
     * What the run deleted on the source (as retention does, with deleteRecords while the replicators were
     * stopped): every record below offset {@code below}; the offset of each acknowledged write (to tell a
     * deleted one from a lost one); and the gaps the flow recorded in its store (records deleted before
     * they were copied).
     */
    public record Deletions(long below, java.util.Map<Long, Long> offsetOfSeq, List<Range> reportedGaps) {
        public static final Deletions NONE = new Deletions(0, java.util.Map.of(), List.of());

        public Deletions {
            offsetOfSeq = java.util.Map.copyOf(offsetOfSeq);
            reportedGaps = List.copyOf(reportedGaps);
        }
    }

    public String name() {
        return topic + "-" + partition;
    }
}
