package dev.tandem.playbook;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One drill of the playbook's {@code drills:} section: which flow it exercises, when (a Quartz
 * cron expression, for {@code tandem drill schedule}), its steps in order, and its thresholds.
 */
public record DrillSpec(String name, String flow, Optional<String> schedule, List<Step> steps, Optional<Duration> maxRpo,
                        Optional<Duration> maxRto) {

    /** The steps a drill can run, by their playbook names. */
    public enum Step {
        PREFLIGHT("preflight"),
        TOPOLOGY("topology"),
        CANARIES("canaries"),
        CHECKPOINT("checkpoint"),
        FAILOVER_REHEARSAL("failover-rehearsal"),
        FAILBACK_REHEARSAL("failback-rehearsal");

        private final String yamlName;

        Step(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Optional<Step> of(String yamlName) {
            return Arrays.stream(values()).filter(s -> s.yamlName.equals(yamlName)).findFirst();
        }
    }

    public DrillSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flow, "flow");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("drill " + name + " has no steps");
        }
    }
}
