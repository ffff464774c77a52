package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.playbook.DrillSpec.Step;
import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.canary.LatencySummary;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.report.Check;
import dev.tandem.verifier.report.Failure;
import dev.tandem.verifier.report.VerificationReport;
import dev.tandem.verifier.topology.TopologyResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VerificationStepsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static VerificationReport report(int topics, List<Failure> failures) {
        return new VerificationReport("run-1", "f", "east", "west", T0, T0.plusSeconds(2),
                new TopologyResult(topics, List.of()),
                new CanaryResult(10, 9, 1, 0, 0, new LatencySummary(5, 8, 12, 15), List.of(5L, 8L, 12L)),
                new CheckpointResult("tandem.verifier.f", "tandem.canary", 0, 42, OptionalLong.of(40), "exact", true,
                        OptionalLong.of(0), 800, Optional.empty()),
                failures);
    }

    @Test
    void aCheckThatPassedSaysWhatItFound() {
        VerificationReport passed = report(3, List.of());

        assertThat(VerificationSteps.verdict(Step.TOPOLOGY, passed)).isEqualTo("3 topics checked, no problem");
        assertThat(VerificationSteps.verdict(Step.TOPOLOGY, report(1, List.of()))).isEqualTo("1 topic checked, no problem");
        assertThat(VerificationSteps.verdict(Step.CANARIES, passed)).isEqualTo("9 of 10 canaries delivered, p99 12 ms");
        assertThat(VerificationSteps.verdict(Step.CHECKPOINT, passed)).isEqualTo("checkpoint exact, 800 ms old");
    }

    @Test
    void aStepFailsOnItsOwnChecksFailuresOnlyWithTheirMessagesJoined() {
        VerificationReport canariesFailed = report(3, List.of(new Failure(Check.CANARIES, "1 of 10 lost (max-lost 0)"),
                new Failure(Check.CANARIES, "latency up to 15 ms (max-latency 10 ms)")));

        assertThat(VerificationSteps.verdict(Step.TOPOLOGY, canariesFailed)).isEqualTo("3 topics checked, no problem");
        assertThat(VerificationSteps.verdict(Step.CHECKPOINT, canariesFailed)).isEqualTo("checkpoint exact, 800 ms old");
        assertThatThrownBy(() -> VerificationSteps.verdict(Step.CANARIES, canariesFailed))
                .isInstanceOf(DrillStepException.class)
                .hasMessage("1 of 10 lost (max-lost 0); latency up to 15 ms (max-latency 10 ms)");
    }

    @Test
    void aFailureIsPickedByItsCheckNotByWhatItsMessageSays() {
        VerificationReport misleading = report(3, List.of(new Failure(Check.CHECKPOINT, "canaries: none were read")));

        assertThat(VerificationSteps.verdict(Step.CANARIES, misleading)).startsWith("9 of 10");
        assertThatThrownBy(() -> VerificationSteps.verdict(Step.CHECKPOINT, misleading))
                .hasMessage("canaries: none were read");
    }

    @Test
    void onlyTheTopologyCanariesAndCheckpointStepsAreChecksOfTheVerifier() {
        assertThat(VerificationSteps.checkOf(Step.TOPOLOGY)).isEqualTo(Check.TOPOLOGY);
        assertThat(VerificationSteps.checkOf(Step.CANARIES)).isEqualTo(Check.CANARIES);
        assertThat(VerificationSteps.checkOf(Step.CHECKPOINT)).isEqualTo(Check.CHECKPOINT);
        assertThatThrownBy(() -> VerificationSteps.checkOf(Step.FAILOVER_REHEARSAL))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
