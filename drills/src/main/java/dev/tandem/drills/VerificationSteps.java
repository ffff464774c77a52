package dev.tandem.drills;

import dev.tandem.playbook.DrillSpec;
import dev.tandem.verifier.report.Check;
import dev.tandem.verifier.report.Failure;
import dev.tandem.verifier.report.VerificationReport;
import java.util.List;

/**
 * The verdicts of a drill's topology, canaries and checkpoint steps, each from its own check of
 * the one verification run they share. Pure.
 */
final class VerificationSteps {

    private VerificationSteps() {
    }

    /** The verifier's check that {@code step} is; only the topology, canaries and checkpoint steps are one. */
    static Check checkOf(DrillSpec.Step step) {
        return switch (step) {
            case TOPOLOGY -> Check.TOPOLOGY;
            case CANARIES -> Check.CANARIES;
            case CHECKPOINT -> Check.CHECKPOINT;
            default -> throw new IllegalArgumentException("step " + step.yamlName() + " is no check of the verifier");
        };
    }

    /**
     * What {@code step} found in {@code report} when its check passed.
     *
     * @throws DrillStepException with the check's failures, when it has any (the other checks' do not count)
     */
    static String verdict(DrillSpec.Step step, VerificationReport report) {
        Check check = checkOf(step);
        List<Failure> failures = report.failuresOf(check);
        if (!failures.isEmpty()) {
            throw new DrillStepException(String.join("; ", failures.stream().map(Failure::message).toList()));
        }
        return switch (check) {
            case TOPOLOGY -> report.topology().checked() + (report.topology().checked() == 1 ? " topic" : " topics")
                    + " checked, no problem";
            case CANARIES -> report.canaries().delivered() + " of " + report.canaries().sent()
                    + " canaries delivered, p99 " + report.canaries().latency().p99() + " ms";
            case CHECKPOINT -> "checkpoint exact, " + report.checkpoint().ageMs() + " ms old";
        };
    }
}
