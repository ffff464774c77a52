package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.drills.DrillReport.StepResult;
import dev.tandem.drills.DrillReport.StepResult.Status;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.playbook.DrillSpec.Step;
import dev.tandem.safety.RefusedException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StepLogTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final StepLog log = new StepLog(clock);

    /** Work that takes {@code ms} on the clock and finds {@code detail}. */
    private StepLog.Work takes(long ms, String detail) {
        return () -> {
            clock.advance(Duration.ofMillis(ms));
            return detail;
        };
    }

    @Test
    void aPassingStepIsTimedByTheClockAndKeepsWhatItFound() throws Exception {
        log.run(Step.PREFLIGHT, takes(250, "east is a, west is b"));

        assertThat(log.steps()).containsExactly(new StepResult(Step.PREFLIGHT, Status.PASSED, "east is a, west is b", 250));
        assertThat(log.failures()).isEmpty();
    }

    @Test
    void theFirstFailureFailsItsStepNamedAfterItAndEveryLaterStepIsSkippedUnrun() throws Exception {
        boolean[] ranAfterFailure = {false};

        log.run(Step.PREFLIGHT, takes(10, "ok"));
        log.run(Step.CANARIES, () -> {
            clock.advance(Duration.ofMillis(40));
            throw new DrillStepException("10 of 10 lost (max-lost 0)");
        });
        log.run(Step.CHECKPOINT, () -> {
            ranAfterFailure[0] = true;
            return "checkpoint exact";
        });
        log.run(Step.FAILOVER_REHEARSAL, takes(1_000, "moved"));

        assertThat(log.steps()).containsExactly(
                new StepResult(Step.PREFLIGHT, Status.PASSED, "ok", 10),
                new StepResult(Step.CANARIES, Status.FAILED, "10 of 10 lost (max-lost 0)", 40),
                new StepResult(Step.CHECKPOINT, Status.SKIPPED, "", 0),
                new StepResult(Step.FAILOVER_REHEARSAL, Status.SKIPPED, "", 0));
        assertThat(log.failures())
                .containsExactly(new DrillFailure.StepFailed(Step.CANARIES, "10 of 10 lost (max-lost 0)"));
        assertThat(ranAfterFailure[0]).isFalse();
    }

    @Test
    void refusalsAndClustersAwayFailTheStepToo() throws Exception {
        log.run(Step.FAILOVER_REHEARSAL, () -> {
            throw new RefusedException("group has active members");
        });
        StepLog other = new StepLog(clock);
        other.run(Step.PREFLIGHT, () -> {
            throw new ClusterUnreachableException("east", "describe cluster", new RuntimeException("timed out"));
        });

        assertThat(log.steps()).extracting(StepResult::status).containsExactly(Status.FAILED);
        assertThat(log.failures()).extracting(DrillFailure::text)
                .containsExactly("failover-rehearsal: group has active members");
        assertThat(other.steps()).extracting(StepResult::status).containsExactly(Status.FAILED);
    }

    @Test
    void anyOtherExceptionIsABugAndPropagates() {
        assertThatThrownBy(() -> log.run(Step.TOPOLOGY, () -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class).hasMessage("bug");
    }

    @Test
    void theStatusesHaveTheNamesTheReportsPrint() {
        assertThat(Status.PASSED.wireName()).isEqualTo("passed");
        assertThat(Status.FAILED.wireName()).isEqualTo("failed");
        assertThat(Status.SKIPPED.wireName()).isEqualTo("skipped");
    }
}
