package dev.tandem.drills;

import dev.tandem.playbook.DrillSpec;
import java.util.Objects;

/** Why a drill failed: a step's check found something else, or a measure exceeded the drill's threshold. */
public sealed interface DrillFailure {

    /** As the reports and the store have it: {@code canaries: 10 of 10 lost (max-lost 0)}. */
    String text();

    /** A step failed: the first, and so the only one (the steps after it are skipped). */
    record StepFailed(DrillSpec.Step step, String message) implements DrillFailure {
        public StepFailed {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String text() {
            return step.yamlName() + ": " + message;
        }
    }

    /** A recovery objective the failover rehearsal measured above the drill's threshold for it. */
    record Exceeded(Objective objective, long measuredMs, long maxMs) implements DrillFailure {
        public Exceeded {
            Objects.requireNonNull(objective, "objective");
        }

        @Override
        public String text() {
            return objective.name() + " " + measuredMs + " ms exceeds " + objective.threshold() + " " + maxMs + " ms";
        }
    }

    /** The recovery objectives a drill can have thresholds for, with the playbook's name of each threshold. */
    enum Objective {
        RPO("max-rpo"),
        RTO("max-rto");

        private final String threshold;

        Objective(String threshold) {
            this.threshold = threshold;
        }

        public String threshold() {
            return threshold;
        }
    }
}
