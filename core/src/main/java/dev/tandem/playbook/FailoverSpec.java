package dev.tandem.playbook;

import java.time.Duration;
import java.util.Objects;

/**
 * The playbook's {@code failover:} section.
 *
 * @param maxCheckpointAge failover (and failback) refuse, unless forced, to use a checkpoint older than this
 */
public record FailoverSpec(Duration maxCheckpointAge) {

    public FailoverSpec {
        Objects.requireNonNull(maxCheckpointAge, "maxCheckpointAge");
    }

    public static FailoverSpec defaults() {
        return new FailoverSpec(Duration.ofMinutes(15));
    }
}
