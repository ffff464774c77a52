package dev.tandem.verifier.compare;

import java.util.Optional;

/**
 * How one source partition compares with its replica.
 *
 * @param fromOffset  the first source offset compared
 * @param compared    source records compared (equal, mismatched or missing)
 * @param skipped     source records the flow does not copy (their origin is the target cluster)
 * @param notReplicated source offsets at the end not replicated (per the stored progress, after the wait): not
 *                      compared, and a difference: the copy is not proven
 */
public record PartitionComparison(String topic, int partition, String replica, long fromOffset, long compared,
                                  long equal, long missing, long extra, long mismatched, long skipped,
                                  long notReplicated, Optional<Difference> firstMissing,
                                  Optional<Difference> firstExtra, Optional<Difference> firstMismatch) {

    /** Nothing missing, extra or mismatched, and nothing left uncompared for not being replicated. */
    public boolean same() {
        return missing == 0 && extra == 0 && mismatched == 0 && notReplicated == 0;
    }

    /** The earliest difference, by target offset, if any. */
    public Optional<Difference> first() {
        return java.util.stream.Stream.of(firstMissing, firstExtra, firstMismatch).flatMap(Optional::stream)
                .min(java.util.Comparator.comparingLong(Difference::targetOffset));
    }
}
