package dev.tandem.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.NameFilter;
import dev.tandem.playbook.Naming;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReplicationSettingsTest {

    private final ReplicationSettings settings = new ReplicationSettings(Duration.ofSeconds(1), Duration.ofMillis(300),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofDays(7),
            Duration.ofMinutes(1), Duration.ofDays(7));

    @Test
    void aFlowCommitsAtItsOwnIntervalOrAtTheDefaultOfItsDelivery() {
        assertThat(settings.commitInterval(flow(DeliveryGuarantee.AT_LEAST_ONCE, Optional.empty())))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.commitInterval(flow(DeliveryGuarantee.EXACTLY_ONCE, Optional.empty())))
                .isEqualTo(Duration.ofMillis(300));
        assertThat(settings.commitInterval(flow(DeliveryGuarantee.EXACTLY_ONCE, Optional.of(Duration.ofMillis(50)))))
                .isEqualTo(Duration.ofMillis(50));
        assertThat(settings.commitInterval(flow(DeliveryGuarantee.AT_LEAST_ONCE, Optional.of(Duration.ofSeconds(5)))))
                .isEqualTo(Duration.ofSeconds(5));
    }

    private static Flow flow(DeliveryGuarantee delivery, Optional<Duration> commitInterval) {
        return new Flow("f", "east", "west", NameFilter.all(), Naming.PREFIX, NameFilter.all(), OptionalInt.empty(),
                Duration.ofSeconds(30), Duration.ofSeconds(5), false, delivery, commitInterval);
    }
}
