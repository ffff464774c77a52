package dev.tandem.chaos.check;

import dev.tandem.chaos.check.PartitionHistory.Copy;
import dev.tandem.chaos.check.PartitionHistory.OffsetPair;
import dev.tandem.chaos.check.PartitionHistory.Translated;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checker of a chaos run (pure): in the spirit of Jepsen's Kafka checker (every acknowledged write
 * must be found) and of kafka-mirror-tester (sequence numbers per partition; gaps found on the target).
 * See {@link PartitionVerdict} for what fails.
 */
public final class CopyChecker {

    /** How many examples of each failure a verdict lists. */
    public static final int EXAMPLES = 10;

    private CopyChecker() {
    }

    public static PartitionVerdict check(PartitionHistory full) {
        // Records below the run's deletion are deleted, also when the source has them again: a broker killed within
        // a minute of deleteRecords restarts at its last log start checkpoint (log.flush.start.offset.checkpoint.interval.ms,
        // 60 s), so they come back after the flow reported them lost. Retention, which deletes segments, does not do that.
        PartitionHistory h = full.deletions().below() == 0 ? full : new PartitionHistory(full.topic(), full.partition(),
                full.onSource().stream().filter(c -> c.offset() >= full.deletions().below()).toList(), full.onTarget(),
                full.acknowledged(), full.syncPoints(), full.checkpoints(), full.targetEndAtFault(), full.deletions());
        Set<Long> onSource = new HashSet<>();
        h.onSource().forEach(c -> onSource.add(c.seq()));
        List<Long> notOnSource = h.acknowledged().stream().filter(s -> !onSource.contains(s)).sorted().toList();
        // not on the source: deleted by the run (its offset below the deletion), or lost by the cluster
        PartitionHistory.Deletions deletions = h.deletions();
        List<Long> deleted = notOnSource.stream().filter(s -> deletions.offsetOfSeq().getOrDefault(s, Long.MAX_VALUE)
                < deletions.below()).toList();
        List<Long> lostAtSource = notOnSource.stream().filter(s -> deletions.offsetOfSeq().getOrDefault(s, Long.MAX_VALUE)
                >= deletions.below()).toList();

        // the target in offset order: a record seen before is a duplicate; a new one below the highest seen is out of order
        Map<Long, Long> lastTargetOffset = new HashMap<>();
        long highest = -1;
        long outOfOrder = 0;
        long duplicates = 0;
        long[] perFault = new long[h.targetEndAtFault().size() + 1];
        for (Copy copy : h.onTarget()) {
            if (lastTargetOffset.containsKey(copy.seq())) {
                duplicates++;
                perFault[faultAt(h.targetEndAtFault(), copy.offset())]++;
            } else if (copy.seq() < highest) {
                outOfOrder++;
            }
            highest = Math.max(highest, copy.seq());
            lastTargetOffset.put(copy.seq(), copy.offset());
        }
        List<Long> missing = h.onSource().stream().map(Copy::seq).filter(s -> !lastTargetOffset.containsKey(s)).toList();

        // a deleted record is copied (before the deletion) or inside a gap the flow reported: never gone unsaid
        long deletedReported = 0;
        List<Long> deletedSilently = new ArrayList<>();
        for (long seq : deleted) {
            if (lastTargetOffset.containsKey(seq)) {
                continue;
            }
            long offset = deletions.offsetOfSeq().get(seq);
            if (deletions.reportedGaps().stream().anyMatch(g -> g.contains(offset))) {
                deletedReported++;
            } else {
                deletedSilently.add(seq);
            }
        }
        // and a reported gap holds no record the source still has
        List<String> wrongGaps = new ArrayList<>();
        for (PartitionHistory.Range gap : deletions.reportedGaps()) {
            int first = firstAtOrAfter(h.onSource(), gap.from());
            if (first < h.onSource().size() && h.onSource().get(first).offset() < gap.to()) {
                addExample(wrongGaps, "offsets " + gap.from() + " to " + (gap.to() - 1) + " reported lost at the source, which"
                        + " still has offset " + h.onSource().get(first).offset() + " (seq " + h.onSource().get(first).seq() + ")");
            }
        }

        Map<Long, Long> sourceSeqAt = new HashMap<>();
        h.onSource().forEach(c -> sourceSeqAt.put(c.offset(), c.seq()));
        Map<Long, Long> targetSeqAt = new HashMap<>();
        h.onTarget().forEach(c -> targetSeqAt.put(c.offset(), c.seq()));
        int syncPointsChecked = 0;
        List<String> wrongSyncPoints = new ArrayList<>();
        for (OffsetPair point : h.syncPoints()) {
            Long source = sourceSeqAt.get(point.sourceOffset());
            if (source == null) {
                continue; // not a workload record (a transaction marker): nothing to compare
            }
            syncPointsChecked++;
            Long target = targetSeqAt.get(point.targetOffset());
            if (!source.equals(target)) {
                addExample(wrongSyncPoints, point.sourceOffset() + " -> " + point.targetOffset() + " pairs seq " + source
                        + " with " + (target == null ? "no record" : "seq " + target));
            }
        }

        // a checkpoint (S, T) loses records when a source record at or after S is nowhere at or after T on the target:
        // suffixMin[i] is the least "last target offset" of the source records from index i on
        List<Copy> source = h.onSource();
        long[] suffixMin = new long[source.size() + 1];
        suffixMin[source.size()] = Long.MAX_VALUE;
        for (int i = source.size() - 1; i >= 0; i--) {
            long last = lastTargetOffset.getOrDefault(source.get(i).seq(), Long.MAX_VALUE); // missing: told above
            suffixMin[i] = Math.min(last, suffixMin[i + 1]);
        }
        int checkpointsChecked = 0;
        int exactClaimed = 0;
        int exact = 0;
        List<String> lossy = new ArrayList<>();
        for (Translated checkpoint : h.checkpoints()) {
            int from = firstAtOrAfter(source, checkpoint.sourceOffset());
            checkpointsChecked++;
            exactClaimed += checkpoint.exact() ? 1 : 0;
            if (from == source.size()) {
                continue; // the group had read everything: nothing after it to lose
            }
            if (suffixMin[from] < checkpoint.targetOffset()) {
                addExample(lossy, checkpoint.sourceOffset() + " -> " + checkpoint.targetOffset()
                        + " skips source records from seq " + source.get(from).seq());
            } else if (checkpoint.exact()
                    && Long.valueOf(source.get(from).seq()).equals(targetSeqAt.get(checkpoint.targetOffset()))) {
                exact++;
            }
        }
        List<Long> perFaultList = new ArrayList<>();
        for (long d : perFault) {
            perFaultList.add(d);
        }
        return new PartitionVerdict(h.name(), h.acknowledged().size(), h.onSource().size(), h.onTarget().size(),
                lostAtSource.size(), lostAtSource.subList(0, Math.min(EXAMPLES, lostAtSource.size())), missing.size(),
                missing.subList(0, Math.min(EXAMPLES, missing.size())), outOfOrder, duplicates, perFaultList,
                syncPointsChecked, wrongSyncPoints, checkpointsChecked, exactClaimed, exact, lossy,
                new PartitionVerdict.Deleted(deleted.size(), deleted.size() - deletedReported - deletedSilently.size(),
                        deletedReported, deletedSilently.size(), deletedSilently.subList(0, Math.min(EXAMPLES,
                        deletedSilently.size())), wrongGaps));
    }

    /** Which fault a target offset follows: 0 before the first, k from fault k's start on. */
    static int faultAt(List<Long> targetEndAtFault, long offset) {
        int fault = 0;
        for (int i = 0; i < targetEndAtFault.size(); i++) {
            if (targetEndAtFault.get(i) <= offset) {
                fault = i + 1;
            }
        }
        return fault;
    }

    private static int firstAtOrAfter(List<Copy> records, long offset) {
        int low = 0;
        int high = records.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (records.get(mid).offset() < offset) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static void addExample(List<String> examples, String example) {
        if (examples.size() < EXAMPLES) {
            examples.add(example);
        }
    }
}
