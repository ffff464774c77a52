package dev.tandem.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlowStartTest {

    @Test
    void aStartIsANameOrAnIsoTimeWithItsOffset() {
        assertThat(FlowStart.of("earliest")).contains(FlowStart.EARLIEST);
        assertThat(FlowStart.of("latest")).contains(FlowStart.LATEST);
        assertThat(FlowStart.of("from-mirrormaker2")).contains(FlowStart.FROM_MIRRORMAKER2);
        assertThat(FlowStart.of("2026-12-01T09:00:00+01:00")).contains(FlowStart.at(Instant.parse("2026-12-01T08:00:00Z")));
        assertThat(FlowStart.of("2026-12-01T08:00:00Z").orElseThrow().yamlName()).isEqualTo("2026-12-01T08:00:00Z");
        assertThat(FlowStart.of("2026-12-01T08:00:00")).as("a time without its offset is ambiguous").isEmpty();
        assertThat(FlowStart.of("<ISO-8601 time>")).isEmpty();
    }
}
