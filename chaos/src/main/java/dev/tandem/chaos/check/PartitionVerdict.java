package dev.tandem.chaos.check;

import java.util.List;

/**
 * What the checker found in one partition. Failures: an acknowledged write not on the source
 * ({@code lostAtSource}: the cluster lost it), a source record not on the target ({@code missing}),
 * a record copied after a later one it had not seen ({@code outOfOrder}), a sync point pairing two
 * different records, a checkpoint from which the group would skip a record. Duplicates are counted,
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
                               List<String> lossyCheckpoints) {

    public PartitionVerdict {
        lostAtSource = List.copyOf(lostAtSource);
        missing = List.copyOf(missing);
        duplicatesPerFault = List.copyOf(duplicatesPerFault);
        wrongSyncPoints = List.copyOf(wrongSyncPoints);
        lossyCheckpoints = List.copyOf(lossyCheckpoints);
    }

    public boolean passed() {
        return lostAtSourceCount == 0 && missingCount == 0 && outOfOrder == 0 && wrongSyncPoints.isEmpty()
                && lossyCheckpoints.isEmpty();
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
        return failures;
    }
}
