package dev.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointKind;
import dev.tandem.client.Translation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Mm2CheckpointChoiceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Checkpoint checkpoint(String group, int partition, Translation translation) {
        return checkpoint(group, partition, 40, translation);
    }

    private static Checkpoint checkpoint(String group, int partition, long sourceOffset, Translation translation) {
        return new Checkpoint("f", group, "orders", partition, sourceOffset, "east.orders", translation, T0, T0);
    }

    @Test
    void tandemsExactCheckpointWinsAndThePlanSaysSoMirrorMaker2sIsUsedWhereTandemHasNoExactOne() {
        Mm2CheckpointChoice.Chosen chosen = Mm2CheckpointChoice.choose(
                List.of(checkpoint("g", 0, new Translation.Exact(40)), checkpoint("g", 1, new Translation.NoSyncPoint()),
                        checkpoint("h", 0, new Translation.Exact(12))),
                List.of(checkpoint("g", 0, new Translation.MirrorMaker2(31)),
                        checkpoint("g", 1, new Translation.MirrorMaker2(33)),
                        checkpoint("g", 2, new Translation.MirrorMaker2(35))));

        assertThat(chosen.checkpoints()).extracting(c -> c.group() + "/" + c.partition() + "/" + c.kind())
                .containsExactly("g/0/" + CheckpointKind.EXACT, "g/1/" + CheckpointKind.MM2, "g/2/" + CheckpointKind.MM2,
                        "h/0/" + CheckpointKind.EXACT);
        assertThat(chosen.notes()).isEqualTo(Map.of("g", List.of("east.orders-0: Tandem's exact checkpoint (offset 40)"
                + " is used, not MirrorMaker 2's (offset 31)")));
    }

    @Test
    void mirrorMaker2sCheckpointOfALaterOffsetThanTandemSawIsNotUsedItWouldSkip() {
        Mm2CheckpointChoice.Chosen chosen = Mm2CheckpointChoice.choose(
                List.of(checkpoint("g", 0, 20, new Translation.NoSyncPoint())),
                List.of(checkpoint("g", 0, 40, new Translation.MirrorMaker2(38))));

        assertThat(chosen.checkpoints()).singleElement().extracting(Checkpoint::kind).isEqualTo(CheckpointKind.NO_SYNC_POINT);
        assertThat(chosen.notes().get("g")).singleElement().asString().contains("past the group's offset 20");
    }
}
