package dev.tandem.drills;

import dev.tandem.drills.DrillReport.StepResult;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.KafkaOperationException;
import dev.tandem.playbook.DrillSpec;
import dev.tandem.safety.RefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A drill's steps as they run, in order: each one timed by the clock, and passed or failed with
 * what its check found (a failure named after its step); once one failed, the rest are skipped.
 * A step fails on a drill check, a refusal, a cluster away or a Kafka error; anything else is a
 * bug and propagates.
 */
final class StepLog {

    /** One step's work: what it found when it passed; it throws when its check failed. */
    interface Work {
        String run() throws InterruptedException;
    }

    private final Clock clock;
    private final List<StepResult> steps = new ArrayList<>();
    private final List<DrillFailure> failures = new ArrayList<>();
    private boolean failed;

    StepLog(Clock clock) {
        this.clock = clock;
    }

    /** Runs {@code step}'s work unless an earlier step failed (then it is skipped, in no time). */
    void run(DrillSpec.Step step, Work work) throws InterruptedException {
        if (failed) {
            steps.add(new StepResult(step, StepResult.Status.SKIPPED, "", 0));
            return;
        }
        Instant begin = clock.instant();
        String detail;
        try {
            detail = work.run();
        } catch (DrillStepException | RefusedException | ClusterUnreachableException | KafkaOperationException e) {
            failed = true;
            failures.add(new DrillFailure.StepFailed(step, String.valueOf(e.getMessage())));
            detail = e.getMessage();
        }
        steps.add(new StepResult(step, failed ? StepResult.Status.FAILED : StepResult.Status.PASSED, detail,
                Duration.between(begin, clock.instant()).toMillis()));
    }

    List<StepResult> steps() {
        return List.copyOf(steps);
    }

    /** The failed step's failure, if one failed. */
    List<DrillFailure> failures() {
        return List.copyOf(failures);
    }
}
