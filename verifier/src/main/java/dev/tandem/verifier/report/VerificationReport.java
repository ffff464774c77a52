package dev.tandem.verifier.report;

import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.topology.TopologyResult;
import java.time.Instant;
import java.util.List;

/** One verification run of a flow: the three checks' results, and the thresholds it failed (none: passed). */
public record VerificationReport(String runId, String flow, String source, String target, Instant startedAt,
                                 Instant finishedAt, TopologyResult topology, CanaryResult canaries,
                                 CheckpointResult checkpoint, List<Failure> failures) {

    public VerificationReport {
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /** The failures of one check, in the order they were found. */
    public List<Failure> failuresOf(Check check) {
        return failures.stream().filter(f -> f.check() == check).toList();
    }

    /** Every failure as the reports print it, each after its check's name. */
    public List<String> failureTexts() {
        return failures.stream().map(Failure::text).toList();
    }
}
