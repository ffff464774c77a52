package dev.tandem.verifier;

import dev.tandem.playbook.VerifySpec;
import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.topology.TopologyResult;
import java.util.ArrayList;
import java.util.List;

/** Judges a run's results against the playbook's {@code verify:} thresholds; each failure names its threshold. */
public final class Thresholds {

    private Thresholds() {
    }

    public static List<String> failures(VerifySpec spec, TopologyResult topology, CanaryResult canaries,
                                        CheckpointResult checkpoint) {
        List<String> failures = new ArrayList<>();
        if (!topology.problems().isEmpty()) {
            failures.add("topology: " + topology.problems().size() + " problem(s): " + String.join("; ",
                    topology.problems().stream().map(TopologyResult.Problem::detail).toList()));
        }
        if (canaries.lost() > spec.maxLost()) {
            failures.add("canaries: " + canaries.lost() + " of " + canaries.sent() + " lost (max-lost " + spec.maxLost() + ")");
        }
        spec.maxDuplicated().ifPresent(max -> {
            if (canaries.duplicated() > max) {
                failures.add("canaries: " + canaries.duplicated() + " duplicated (max-duplicated " + max + ")");
            }
        });
        if (canaries.delivered() > 0 && canaries.latency().max() > spec.maxLatency().toMillis()) {
            failures.add("canaries: latency up to " + canaries.latency().max() + " ms (max-latency "
                    + spec.maxLatency().toMillis() + " ms)");
        }
        checkpoint.problem().ifPresent(problem -> failures.add("checkpoint: " + problem));
        if (checkpoint.ageMs() > spec.maxCheckpointAge().toMillis()) {
            failures.add("checkpoint: age " + checkpoint.ageMs() + " ms (max-checkpoint-age "
                    + spec.maxCheckpointAge().toMillis() + " ms)");
        }
        return failures;
    }
}
