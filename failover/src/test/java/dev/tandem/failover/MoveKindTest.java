package dev.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.CheckpointKind;
import org.junit.jupiter.api.Test;

class MoveKindTest {

    @Test
    void aMoveMadeAsItsCheckpointSaysHasTheCheckpointsKindAndWireName() {
        for (CheckpointKind kind : CheckpointKind.values()) {
            assertThat(MoveKind.of(kind).name()).isEqualTo(kind.name());
            assertThat(MoveKind.of(kind).wireName()).isEqualTo(kind.wireName());
        }
        assertThat(MoveKind.BY_TIMESTAMP.wireName()).isEqualTo("by-timestamp");
    }
}
