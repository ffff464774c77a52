package dev.tandem.chaos.check;

import java.util.List;

/**
 * What the checker found in one partition. Failures: an acknowledged write not on the source
 * ({@code lostAtSource}: the cluster lost it), a source record not on the target ({@code missing}),
 * a record copied after a later one it had not seen ({@code outOfOrder}), a sync point pairing two
 * different records, a checkpoint from which the group would skip a record, a record the run deleted
 * on the source that is neither on the target nor in a gap the flow reported, a reported gap over
 * records the source still has. Duplicates are counted,
 * per fault, not failed: at-least-once copies again what was copied after the last commit.
 *
 * @param duplicatesPerFault index 0: before the first fault; index k: from the start of fault k on
 * @param checkpointsExactClaimed checkpoints Tandem translated exactly (the others: the group was ahead of replication)
 * @param checkpointsExact of those, the ones whose target offset holds the copy of the group's next record (a copy
 *                         written again after a kill can come first there: read again, not skipped)
 */
public record PartitionVerdict(String partition, long acknowledged, long onSource, long onTarget, long lostAtSourceCount,
                               List<Long> lostAtSource, long missingCount, List<Long> missing, long outOfOrder,
                               long duplicates, List<Long> duplicatesPerFault, int syncPointsChecked,
                               List<String> wrongSyncPoints, int checkpointsChecked, int checkpointsExactClaimed,
                               int checkpointsExact,
                               List<String> lossyCheckpoints, Deleted deleted) {

    /**
     * The acknowledged writes the run deleted on the source: {@code copied} before the deletion,
     * {@code reported} lost (inside a gap the flow recorded), {@code silent}ly lost (a failure), and the
     * reported gaps over records the source still has (failures).
     */
    public record Deleted(long count, long copied, long reported, long silent, List<Long> silentExamples,
                          List<String> wrongGaps) {
        public Deleted {
            silentExamples = List.copyOf(silentExamples);
            wrongGaps = List.copyOf(wrongGaps);
        }
    }

    public PartitionVerdict {
        lostAtSource = List.copyOf(lostAtSource);
        missing = List.copyOf(missing);
        duplicatesPerFault = List.copyOf(duplicatesPerFault);
        wrongSyncPoints = List.copyOf(wrongSyncPoints);
        lossyCheckpoints = List.copyOf(lossyCheckpoints);
    }

    public boolean passed() {
        return lostAtSourceCount == 0 && missingCount == 0 && outOfOrder == 0 && wrongSyncPoints.isEmpty()
                && lossyCheckpoints.isEmpty() && deleted.silent() == 0 && deleted.wrongGaps().isEmpty();
    }

    /** The failures in one line each (examples: at most {@link CopyChecker#EXAMPLES} of each kind). */
    public List<String> failures() {
        List<String> failures = new java.util.ArrayList<>();
        if (lostAtSourceCount > 0) {
            failures.add(partition + ": " + lostAtSourceCount + " acknowledged write(s) not on the source, e.g. seq " + lostAtSource);
        }
        if (missingCount > 0) {
            failures.add(partition + ": " + missingCount + " source record(s) not on the target, e.g. seq " + missing);
        }
        if (outOfOrder > 0) {
            failures.add(partition + ": " + outOfOrder + " record(s) copied after a later one");
        }
        wrongSyncPoints.forEach(w -> failures.add(partition + ": sync point " + w));
        lossyCheckpoints.forEach(w -> failures.add(partition + ": checkpoint " + w));
        if (deleted.silent() > 0) {
            failures.add(partition + ": " + deleted.silent() + " record(s) deleted on the source before they were copied and"
                    + " not reported lost, e.g. seq " + deleted.silentExamples());
        }
        deleted.wrongGaps().forEach(w -> failures.add(partition + ": gap " + w));
        return failures;
    }
}
