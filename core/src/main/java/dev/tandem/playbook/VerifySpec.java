package dev.tandem.playbook;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The playbook's {@code verify:} section: how {@code tandem verify} probes a flow and the
 * thresholds its run must hold.
 *
 * @param canaryTopic        the topic on each flow's source that canaries are written to; every
 *                           flow replicates it, whatever its topic patterns say
 * @param canaries           canaries per run
 * @param timeout            how long a run waits for canaries and for the checkpoint
 * @param maxLatency         the largest acceptable end-to-end latency of a canary (p99 and max)
 * @param maxLost            canaries that may be lost
 * @param maxDuplicated      canaries that may arrive more than once; empty: not checked for an
 *                           at-least-once flow (it may copy records twice after a restart) and 0
 *                           for an exactly-once flow (see {@link #maxDuplicated(DeliveryGuarantee)})
 * @param maxCheckpointAge   the oldest acceptable checkpoint of the verifier's group
 * @param interval           how often {@code verify --continuous} sends a round of canaries
 */
public record VerifySpec(String canaryTopic, int canaries, Duration timeout, Duration maxLatency, long maxLost,
                         OptionalLong maxDuplicated, Duration maxCheckpointAge, Duration interval) {

    public static final String DEFAULT_CANARY_TOPIC = "tandem.canary";

    public VerifySpec {
        Objects.requireNonNull(canaryTopic, "canaryTopic");
        Objects.requireNonNull(maxDuplicated, "maxDuplicated");
        if (canaries < 1 || maxLost < 0) {
            throw new IllegalArgumentException("canaries must be positive and max-lost not negative");
        }
    }

    /** The duplicates a flow with this delivery may show: as set, else none for an exactly-once flow. */
    public OptionalLong maxDuplicated(DeliveryGuarantee delivery) {
        if (maxDuplicated.isPresent() || delivery != DeliveryGuarantee.EXACTLY_ONCE) {
            return maxDuplicated;
        }
        return OptionalLong.of(0);
    }

    public static VerifySpec defaults() {
        return new VerifySpec(DEFAULT_CANARY_TOPIC, 100, Duration.ofSeconds(60), Duration.ofSeconds(10), 0,
                OptionalLong.empty(), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
}
