package dev.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckpointRecordFormatTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");

    @Test
    void everyKindOfCheckpointSurvivesTheRoundTrip() {
        for (Translation translation : new Translation[] {new Translation.Exact(7),
                new Translation.AheadOfReplication(9, 4), new Translation.NoSyncPoint()}) {
            Checkpoint checkpoint = new Checkpoint("east-to-west", "billing", "orders", 3, 42, "east.orders",
                    translation, T0, T0.plusSeconds(5));
            Checkpoint bounded = new Checkpoint("east-to-west", "billing", "orders", 3, 42, "east.orders",
                    translation, T0, T0.plusSeconds(5), java.util.Optional.of(T0.minusSeconds(60)));

            assertThat(CheckpointRecordFormat.decode(CheckpointRecordFormat.key(checkpoint),
                    CheckpointRecordFormat.value(checkpoint))).contains(checkpoint);
            assertThat(CheckpointRecordFormat.decode(CheckpointRecordFormat.key(bounded),
                    CheckpointRecordFormat.value(bounded))).contains(bounded);
        }
    }

    @Test
    void theValueIsTheDocumentedVersionOneJson() {
        Checkpoint checkpoint = new Checkpoint("f", "g", "orders", 0, 42, "east.orders",
                new Translation.AheadOfReplication(40, 2), T0, T0);

        assertThat(new String(CheckpointRecordFormat.key(checkpoint), StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"flow\":\"f\",\"group\":\"g\",\"topic\":\"orders\",\"partition\":0}");
        assertThat(new String(CheckpointRecordFormat.value(checkpoint), StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"sourceOffset\":42,\"targetTopic\":\"east.orders\",\"kind\":\"ahead-of-replication\","
                        + "\"targetOffset\":40,\"notYetReplicated\":2,\"committedAt\":\"2026-01-01T00:00:00.123Z\","
                        + "\"checkpointedAt\":\"2026-01-01T00:00:00.123Z\"}");
    }

    @Test
    void aTombstoneDecodesToNothingAndAnotherVersionIsRefused() {
        Checkpoint checkpoint = new Checkpoint("f", "g", "orders", 0, 1, "orders", new Translation.Exact(1), T0, T0);

        assertThat(CheckpointRecordFormat.decode(CheckpointRecordFormat.key(checkpoint), null)).isEmpty();
        assertThatThrownBy(() -> CheckpointRecordFormat.decode(
                "{\"v\":2,\"flow\":\"f\",\"group\":\"g\",\"topic\":\"t\",\"partition\":0}".getBytes(StandardCharsets.UTF_8),
                CheckpointRecordFormat.value(checkpoint)))
                .hasMessageContaining("unsupported checkpoint record version 2");
    }
}
