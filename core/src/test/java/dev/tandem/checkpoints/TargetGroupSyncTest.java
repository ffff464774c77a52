package dev.tandem.checkpoints;

import dev.tandem.client.Partition;
import dev.tandem.client.Checkpoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.Translation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetGroupSyncTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Partition P0 = new Partition("east.orders", 0);
    private static final Partition P1 = new Partition("east.orders", 1);

    private static Checkpoint checkpoint(int partition, Translation translation) {
        return new Checkpoint("f", "g", "orders", partition, 10, "east.orders", translation, T0, T0);
    }

    @Test
    void anIdleGroupReceivesItsTranslatedOffsets() {
        TargetGroupSync.Decision decision = TargetGroupSync.decide(new TargetGroupSync.TargetGroup("g", false, Map.of()),
                List.of(checkpoint(0, new Translation.Exact(12)), checkpoint(1, new Translation.AheadOfReplication(4, 6))));

        assertThat(decision).isEqualTo(new TargetGroupSync.Decision.Commit("g", Map.of(P0, 12L, P1, 4L)));
    }

    @Test
    void anActiveGroupIsLeftAlone() {
        TargetGroupSync.Decision decision = TargetGroupSync.decide(new TargetGroupSync.TargetGroup("g", true, Map.of()),
                List.of(checkpoint(0, new Translation.Exact(12))));

        assertThat(decision).isInstanceOf(TargetGroupSync.Decision.Skip.class);
        assertThat(((TargetGroupSync.Decision.Skip) decision).reason()).contains("active members");
    }

    @Test
    void aGroupIsNeverMovedBackwardsAndPartitionsWithoutTranslationAreLeftOut() {
        TargetGroupSync.Decision decision = TargetGroupSync.decide(
                new TargetGroupSync.TargetGroup("g", false, Map.of(P0, 20L, P1, 3L)),
                List.of(checkpoint(0, new Translation.Exact(12)), checkpoint(1, new Translation.Exact(5)),
                        checkpoint(2, new Translation.NoSyncPoint())));

        assertThat(decision).isEqualTo(new TargetGroupSync.Decision.Commit("g", Map.of(P1, 5L)));
    }

    @Test
    void aGroupAlreadyAtItsCheckpointsIsSkipped() {
        TargetGroupSync.Decision decision = TargetGroupSync.decide(
                new TargetGroupSync.TargetGroup("g", false, Map.of(P0, 12L)), List.of(checkpoint(0, new Translation.Exact(12))));

        assertThat(decision).isInstanceOf(TargetGroupSync.Decision.Skip.class);
    }
}
