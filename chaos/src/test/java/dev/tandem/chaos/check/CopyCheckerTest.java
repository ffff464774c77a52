package dev.tandem.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.chaos.check.PartitionHistory.Copy;
import dev.tandem.chaos.check.PartitionHistory.OffsetPair;
import dev.tandem.chaos.check.PartitionHistory.Translated;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CopyCheckerTest {

    /** Source offsets 0..n-1 hold seq 0..n-1. */
    private static List<Copy> source(int n) {
        return LongStream.range(0, n).mapToObj(i -> new Copy(i, i)).toList();
    }

    /** The target as the seqs in the order written, at offsets 0, 1, ... */
    private static List<Copy> target(long... seqs) {
        List<Copy> copies = new ArrayList<>();
        for (int i = 0; i < seqs.length; i++) {
            copies.add(new Copy(i, seqs[i]));
        }
        return copies;
    }

    private static Set<Long> acked(int n) {
        return Set.copyOf(LongStream.range(0, n).boxed().toList());
    }

    @Test
    void aCopyAfterAKillThatRewindsHasDuplicatesOfThatFaultAndPasses() {
        // copied 0..5, killed (fault 1 began when the target held 6 records), resumed from the commit at 3
        PartitionHistory h = new PartitionHistory("t", 0, source(8), target(0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7), acked(8),
                List.of(new OffsetPair(3, 3), new OffsetPair(3, 6), new OffsetPair(7, 10)),
                List.of(new Translated(3, 6, true), new Translated(6, 9, true)), List.of(6L));

        PartitionVerdict verdict = CopyChecker.check(h);

        assertThat(verdict.passed()).as(verdict.failures().toString()).isTrue();
        assertThat(verdict.duplicates()).isEqualTo(3);
        assertThat(verdict.duplicatesPerFault()).containsExactly(0L, 3L);
        assertThat(verdict.syncPointsChecked()).isEqualTo(3);
        assertThat(verdict.checkpointsExact()).isEqualTo(2);
    }

    @Test
    void aRecordOnTheSourceNotOnTheTargetFails() {
        PartitionVerdict verdict = CopyChecker.check(new PartitionHistory("t", 0, source(5), target(0, 1, 3, 4), acked(5),
                List.of(), List.of(), List.of()));
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.missing()).containsExactly(2L);
        assertThat(verdict.outOfOrder()).isZero();
    }

    @Test
    void anAcknowledgedWriteTheSourceLostIsToldApart() {
        PartitionVerdict verdict = CopyChecker.check(new PartitionHistory("t", 0, source(3), target(0, 1, 2), acked(4),
                List.of(), List.of(), List.of()));
        assertThat(verdict.lostAtSource()).containsExactly(3L);
        assertThat(verdict.missingCount()).isZero();
        assertThat(verdict.failures()).singleElement().asString().contains("acknowledged write(s) not on the source");
    }

    @Test
    void aNewRecordCopiedAfterALaterOneIsOutOfOrder() {
        PartitionVerdict verdict = CopyChecker.check(new PartitionHistory("t", 0, source(4), target(0, 2, 1, 3), acked(4),
                List.of(), List.of(), List.of()));
        assertThat(verdict.outOfOrder()).isEqualTo(1);
        assertThat(verdict.passed()).isFalse();
    }

    @Test
    void aSyncPointPairingTwoDifferentRecordsFails() {
        PartitionVerdict verdict = CopyChecker.check(new PartitionHistory("t", 0, source(4), target(0, 1, 2, 3), acked(4),
                List.of(new OffsetPair(2, 3)), List.of(), List.of()));
        assertThat(verdict.wrongSyncPoints()).containsExactly("2 -> 3 pairs seq 2 with seq 3");
    }

    @Test
    void aCheckpointPastTheCopyOfTheNextRecordSkipsItAndFails() {
        // the group committed 2 (it reads seq 2 next), translated to target 3: seq 2's only copy is at 2
        PartitionVerdict verdict = CopyChecker.check(new PartitionHistory("t", 0, source(4), target(0, 1, 2, 3), acked(4),
                List.of(), List.of(new Translated(2, 3, true), new Translated(2, 1, true), new Translated(4, 4, true)), List.of()));
        assertThat(verdict.lossyCheckpoints()).containsExactly("2 -> 3 skips source records from seq 2");
        assertThat(verdict.checkpointsChecked()).isEqualTo(3);
        assertThat(verdict.checkpointsExact()).isZero(); // 2 -> 1 reads seq 1 again: safe, not exact
    }

    /**
     * Retention after a stop: seq 0..9 written at offsets 0..9; the flow had copied 0 and 1 (committed at 2) when
     * it was stopped; the run deleted everything below 5, so the source keeps 5..9; the flow copies 5..9 after.
     */
    private static PartitionHistory retention(List<PartitionHistory.Range> reported) {
        java.util.Map<Long, Long> offsets = new java.util.HashMap<>();
        LongStream.range(0, 10).forEach(i -> offsets.put(i, i));
        List<Copy> kept = LongStream.range(5, 10).mapToObj(i -> new Copy(i, i)).toList();
        return new PartitionHistory("t", 0, kept, target(0, 1, 5, 6, 7, 8, 9), acked(10), List.of(), List.of(), List.of(),
                new PartitionHistory.Deletions(5, offsets, reported));
    }

    @Test
    void recordsTheRunDeletedBeforeTheyWereCopiedPassWhenTheFlowReportedTheGap() {
        PartitionVerdict verdict = CopyChecker.check(retention(List.of(new PartitionHistory.Range(2, 5))));

        assertThat(verdict.passed()).as(verdict.failures().toString()).isTrue();
        assertThat(verdict.deleted()).extracting(PartitionVerdict.Deleted::count, PartitionVerdict.Deleted::copied,
                PartitionVerdict.Deleted::reported, PartitionVerdict.Deleted::silent).containsExactly(5L, 2L, 3L, 0L);
        assertThat(verdict.lostAtSourceCount()).as("deleted by the run, not lost by the cluster").isZero();
    }

    @Test
    void recordsTheRunDeletedBeforeTheyWereCopiedFailWhenNoGapWasReported() {
        PartitionVerdict verdict = CopyChecker.check(retention(List.of(new PartitionHistory.Range(2, 4))));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.deleted().silentExamples()).containsExactly(4L);
        assertThat(verdict.failures()).singleElement().asString().contains("not reported lost");
    }

    @Test
    void aGapReportedOverRecordsTheSourceStillHasFails() {
        PartitionVerdict verdict = CopyChecker.check(retention(List.of(new PartitionHistory.Range(2, 7))));

        assertThat(verdict.deleted().wrongGaps()).containsExactly(
                "offsets 2 to 6 reported lost at the source, which still has offset 5 (seq 5)");
        assertThat(verdict.passed()).isFalse();
    }

    @Test
    void deletedRecordsTheSourceHasAgainAfterABrokerRestartCountAsDeleted() {
        // the broker killed before it checkpointed the log start: offsets 0..4 are on the source again
        java.util.Map<Long, Long> offsets = new java.util.HashMap<>();
        LongStream.range(0, 10).forEach(i -> offsets.put(i, i));
        PartitionVerdict verdict = CopyChecker.check(new PartitionHistory("t", 0, source(10), target(0, 1, 5, 6, 7, 8, 9),
                acked(10), List.of(), List.of(), List.of(), new PartitionHistory.Deletions(5, offsets,
                List.of(new PartitionHistory.Range(2, 5)))));

        assertThat(verdict.passed()).as(verdict.failures().toString()).isTrue();
        assertThat(verdict.deleted().reported()).isEqualTo(3);
    }
}
