package dev.tandem.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginWarningsTest {

    private final Instant start = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void aClustersRefusalIsToldOncePerMinuteAndEachClusterOnItsOwn() {
        LoginWarnings warnings = new LoginWarnings();

        assertThat(warnings.due("east", start)).isTrue();
        assertThat(warnings.due("east", start.plusSeconds(5))).isFalse();
        assertThat(warnings.due("west", start.plusSeconds(5))).isTrue();
        assertThat(warnings.due("east", start.plus(Duration.ofSeconds(59)))).isFalse();
        assertThat(warnings.due("east", start.plus(Duration.ofSeconds(60)))).isTrue();
        assertThat(warnings.due("east", start.plus(Duration.ofSeconds(61)))).isFalse();
    }
}
