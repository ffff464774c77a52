package dev.tandem.drills;

import dev.tandem.playbook.DrillSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One drill run: each step's outcome in order, the measured RPO and RTO (when the failover
 * rehearsal ran), the canaries' p99 latency (when they ran), and the failed checks.
 */
public record DrillReport(String runId, String drill, String flow, Instant startedAt, Instant finishedAt,
                          List<StepResult> steps, Optional<Rpo> rpo, Optional<Long> rtoMs, Optional<Long> canaryP99Ms,
                          List<DrillFailure> failures) {

    public DrillReport {
        steps = List.copyOf(steps);
        failures = List.copyOf(failures);
    }

    /** What one step did. */
    public record StepResult(DrillSpec.Step step, Status status, String detail, long durationMs) {

        /** A step's verdict, by the name the reports give it. */
        public enum Status {
            PASSED("passed"),
            FAILED("failed"),
            /** Not run: an earlier step failed. */
            SKIPPED("skipped");

            private final String wireName;

            Status(String wireName) {
                this.wireName = wireName;
            }

            public String wireName() {
                return wireName;
            }
        }
    }

    /**
     * Recovery point at the moment of the cut: canaries the source had acknowledged that were not
     * on the target yet, and how far back the oldest of them was written.
     */
    public record Rpo(long records, long windowMs) {
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /** Every failure as the reports and the store have it. */
    public List<String> failureTexts() {
        return failures.stream().map(DrillFailure::text).toList();
    }
}
