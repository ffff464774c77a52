package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.Translation;
import dev.tandem.playbook.StoreSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private TandemStore store;
    private CheckpointRepository repository;

    @BeforeEach
    void open() {
        store = TandemStore.open(new StoreSpec("jdbc:h2:file:" + dir.resolve("s"), Optional.empty(), Optional.empty()));
        repository = new CheckpointRepository(store.jdbi());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Checkpoint checkpoint(String group, int partition, long offset, Translation translation, Instant at) {
        return new Checkpoint("f", group, "orders", partition, offset, "east.orders", translation, at, at);
    }

    @Test
    void keepsTheLatestCheckpointPerGroupAndPartitionWithEveryKind() {
        repository.write(List.of(checkpoint("b", 0, 5, new Translation.Exact(5), T0),
                checkpoint("a", 1, 9, new Translation.AheadOfReplication(7, 2), T0),
                checkpoint("a", 0, 0, new Translation.NoSyncPoint(), T0)));
        Checkpoint newer = new Checkpoint("f", "b", "orders", 0, 8, "east.orders", new Translation.Exact(9),
                T0.plusSeconds(5), T0.plusSeconds(5), Optional.of(T0));
        repository.write(List.of(newer));

        assertThat(repository.latest("f", Optional.empty())).containsExactly(
                checkpoint("a", 0, 0, new Translation.NoSyncPoint(), T0),
                checkpoint("a", 1, 9, new Translation.AheadOfReplication(7, 2), T0),
                newer);
        assertThat(repository.latest("f", Optional.of("b"))).containsExactly(newer);
        assertThat(repository.latest("other-flow", Optional.empty())).isEmpty();
    }

    @Test
    void pruningDeletesCheckpointsNotConfirmedSinceTheCutoff() {
        repository.write(List.of(checkpoint("gone", 0, 5, new Translation.Exact(5), T0),
                checkpoint("alive", 0, 5, new Translation.Exact(5), T0.plusSeconds(100))));

        assertThat(repository.prune("f", T0.plusSeconds(50))).isEqualTo(1);

        assertThat(repository.latest("f", Optional.empty())).extracting(Checkpoint::group).containsExactly("alive");
    }
}
