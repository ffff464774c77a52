package dev.tandem.verifier;

import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.report.Check;
import dev.tandem.verifier.report.Failure;
import dev.tandem.verifier.topology.TopologyResult;
import java.util.ArrayList;
import java.util.List;

/** Judges a run's results against the playbook's {@code verify:} thresholds; each failure names its check and threshold. */
public final class Thresholds {

    private Thresholds() {
    }

    public static List<Failure> failures(VerifySpec spec, DeliveryGuarantee delivery, TopologyResult topology, CanaryResult canaries,
                                        CheckpointResult checkpoint) {
        List<Failure> failures = new ArrayList<>();
        if (!topology.problems().isEmpty()) {
            failures.add(new Failure(Check.TOPOLOGY, topology.problems().size() + " problem(s): " + String.join("; ",
                    topology.problems().stream().map(TopologyResult.Problem::detail).toList())));
        }
        if (canaries.lost() > spec.maxLost()) {
            failures.add(new Failure(Check.CANARIES, canaries.lost() + " of " + canaries.sent() + " lost (max-lost "
                    + spec.maxLost() + ")"));
        }
        spec.maxDuplicated(delivery).ifPresent(max -> {
            if (canaries.duplicated() > max) {
                failures.add(new Failure(Check.CANARIES, canaries.duplicated() + " duplicated (max-duplicated " + max
                        + ")"));
            }
        });
        if (canaries.delivered() > 0 && canaries.latency().max() > spec.maxLatency().toMillis()) {
            failures.add(new Failure(Check.CANARIES, "latency up to " + canaries.latency().max() + " ms (max-latency "
                    + spec.maxLatency().toMillis() + " ms)"));
        }
        checkpoint.problem().ifPresent(problem -> failures.add(new Failure(Check.CHECKPOINT, problem)));
        if (checkpoint.ageMs() > spec.maxCheckpointAge().toMillis()) {
            failures.add(new Failure(Check.CHECKPOINT, "age " + checkpoint.ageMs() + " ms (max-checkpoint-age "
                    + spec.maxCheckpointAge().toMillis() + " ms)"));
        }
        return failures;
    }
}
