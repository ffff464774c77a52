package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.DrillSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrillFailureTest {

    private static DrillReport report(List<DrillFailure> failures) {
        return new DrillReport("r", "d", "f", java.time.Instant.EPOCH, java.time.Instant.EPOCH, List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), failures);
    }

    @Test
    void aFailureReadsAsTheReportsAndTheStoreHaveIt() {
        assertThat(new DrillFailure.StepFailed(DrillSpec.Step.FAILBACK_REHEARSAL, "no reverse flow").text())
                .isEqualTo("failback-rehearsal: no reverse flow");
        assertThat(new DrillFailure.Exceeded(DrillFailure.Objective.RPO, 1_200, 1_000).text())
                .isEqualTo("RPO 1200 ms exceeds max-rpo 1000 ms");
        assertThat(new DrillFailure.Exceeded(DrillFailure.Objective.RTO, 9_000, 5_000).text())
                .isEqualTo("RTO 9000 ms exceeds max-rto 5000 ms");
    }

    @Test
    void aDrillPassesExactlyWhenNothingFailedAndKeepsItsFailuresInOrder() {
        DrillFailure step = new DrillFailure.StepFailed(DrillSpec.Step.CANARIES, "10 of 10 lost (max-lost 0)");
        DrillFailure rto = new DrillFailure.Exceeded(DrillFailure.Objective.RTO, 9_000, 5_000);

        assertThat(report(List.of()).passed()).isTrue();
        assertThat(report(List.of(step, rto)).passed()).isFalse();
        assertThat(report(List.of(step, rto)).failureTexts()).containsExactly("canaries: 10 of 10 lost (max-lost 0)",
                "RTO 9000 ms exceeds max-rto 5000 ms");
    }
}
