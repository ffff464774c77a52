package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.Translation;
import dev.tandem.drills.RecoveryObjectives.Behind;
import dev.tandem.playbook.DrillSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryObjectivesTest {

    private static final Instant CUT = Instant.parse("2026-01-01T00:00:10Z");

    private static DrillSpec drill(Optional<Duration> maxRpo, Optional<Duration> maxRto) {
        return new DrillSpec("d", "f", Optional.empty(), List.of(DrillSpec.Step.FAILOVER_REHEARSAL), maxRpo, maxRto);
    }

    @Test
    void onlyRecordsAheadOfReplicationAreNotYetOnTheTarget() {
        assertThat(RecoveryObjectives.notYetReplicated(new Translation.AheadOfReplication(40, 3))).isEqualTo(3);
        assertThat(RecoveryObjectives.notYetReplicated(new Translation.AheadOfReplication(40, 0))).isZero();
        assertThat(RecoveryObjectives.notYetReplicated(new Translation.Exact(40))).isZero();
        assertThat(RecoveryObjectives.notYetReplicated(new Translation.NoSyncPoint())).isZero();
    }

    @Test
    void theRpoCountsEveryPartitionsRecordsBehindOverTheOldestOfThem() {
        List<Behind> behind = List.of(new Behind(3, CUT.minusMillis(400)), new Behind(2, CUT.minusMillis(1_500)),
                new Behind(1, CUT.minusMillis(20)));

        assertThat(RecoveryObjectives.rpo(behind, CUT)).isEqualTo(new DrillReport.Rpo(6, 1_500));
    }

    @Test
    void nothingBehindIsAnRpoOfZeroAndAWriteStampedAfterTheCutIsNeverANegativeWindow() {
        assertThat(RecoveryObjectives.rpo(List.of(), CUT)).isEqualTo(new DrillReport.Rpo(0, 0));
        assertThat(RecoveryObjectives.rpo(List.of(new Behind(1, CUT.plusMillis(30))), CUT))
                .as("the producer's clock ahead of ours").isEqualTo(new DrillReport.Rpo(1, 0));
    }

    @Test
    void theRtoRunsFromTheCutToTheFirstRecordRead() {
        assertThat(RecoveryObjectives.rtoMs(CUT, CUT.plusMillis(2_345))).isEqualTo(2_345);
    }

    @Test
    void onlyMeasuresAboveTheirThresholdFailTheDrillRpoFirst() {
        DrillSpec both = drill(Optional.of(Duration.ofSeconds(1)), Optional.of(Duration.ofSeconds(5)));

        assertThat(RecoveryObjectives.exceeded(both, new DrillReport.Rpo(4, 1_000), 5_000)).as("at the thresholds")
                .isEmpty();
        assertThat(RecoveryObjectives.exceeded(both, new DrillReport.Rpo(4, 1_001), 5_001)).containsExactly(
                new DrillFailure.Exceeded(DrillFailure.Objective.RPO, 1_001, 1_000),
                new DrillFailure.Exceeded(DrillFailure.Objective.RTO, 5_001, 5_000));
        assertThat(RecoveryObjectives.exceeded(both, new DrillReport.Rpo(0, 0), 9_000)).extracting(DrillFailure::text)
                .containsExactly("RTO 9000 ms exceeds max-rto 5000 ms");
    }

    @Test
    void aDrillWithoutThresholdsPassesWhateverItMeasures() {
        assertThat(RecoveryObjectives.exceeded(drill(Optional.empty(), Optional.empty()),
                new DrillReport.Rpo(1_000_000, 3_600_000), 3_600_000)).isEmpty();
    }
}
