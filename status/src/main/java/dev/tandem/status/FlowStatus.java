package dev.tandem.status;

import java.util.List;

/**
 * One flow graded: its level (the worst of its findings), each finding with its reason, and the age of
 * its newest checkpoint (empty when none or not readable) against the failover limit, for a chart.
 */
public record FlowStatus(String flow, String source, String target, Level level, List<Finding> findings,
                         java.util.Optional<java.time.Duration> checkpointAge, java.time.Duration checkpointLimit) {

    public FlowStatus {
        findings = List.copyOf(findings);
    }

    /** One aspect of a flow (replication, checkpoints, verification, a drill, the last failover) and its grade. */
    public record Finding(String aspect, Level level, String text) {
    }

    /** The finding that sets the flow's level: the first of the worst. */
    public Finding reason() {
        return findings.stream().filter(f -> f.level() == level).findFirst().orElseThrow();
    }
}
