package dev.tandem.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.canary.LatencySummary;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.report.Failure;
import dev.tandem.verifier.topology.TopologyResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Duplicated canaries: not checked for an at-least-once flow unless asked, never allowed for an exactly-once flow. */
class ThresholdsTest {

    private static final CanaryResult ONE_DUPLICATE = new CanaryResult(10, 10, 0, 1, 0, new LatencySummary(5, 5, 5, 5),
            List.of(5L));
    private static final CheckpointResult EXACT = new CheckpointResult("tandem.verifier.f", "tandem.canary", 0, 10,
            OptionalLong.of(10), "exact", true, OptionalLong.of(0), 100, Optional.empty());
    private static final TopologyResult FINE = new TopologyResult(1, List.of());

    private static List<String> failures(OptionalLong maxDuplicated, DeliveryGuarantee delivery) {
        VerifySpec spec = new VerifySpec("tandem.canary", 10, Duration.ofSeconds(5), Duration.ofSeconds(1), 0,
                maxDuplicated, Duration.ofSeconds(30), Duration.ofSeconds(30));
        return Thresholds.failures(spec, delivery, FINE, ONE_DUPLICATE, EXACT).stream().map(Failure::text).toList();
    }

    @Test
    void anAtLeastOnceFlowMayDuplicateUnlessMaxDuplicatedIsSet() {
        assertThat(failures(OptionalLong.empty(), DeliveryGuarantee.AT_LEAST_ONCE)).isEmpty();
        assertThat(failures(OptionalLong.of(0), DeliveryGuarantee.AT_LEAST_ONCE))
                .containsExactly("canaries: 1 duplicated (max-duplicated 0)");
    }

    @Test
    void anExactlyOnceFlowFailsOnADuplicateWithoutBeingTold() {
        assertThat(failures(OptionalLong.empty(), DeliveryGuarantee.EXACTLY_ONCE))
                .containsExactly("canaries: 1 duplicated (max-duplicated 0)");
        assertThat(failures(OptionalLong.of(1), DeliveryGuarantee.EXACTLY_ONCE)).as("an explicit setting wins").isEmpty();
    }
}
