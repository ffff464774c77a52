package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.StoreSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    static MigrationRepository.Run run(String id, String flow, Instant started, String result) {
        return new MigrationRepository.Run(id, flow, "ops", started, started.plusSeconds(42), false, result,
                "billing,orders", 1200, result.equals("migrated") ? "" : "drain: not drained", "{\"version\":1}");
    }

    /** Shared with {@link PostgresStoreTest}: what is saved comes back whole, newest first, per flow. */
    static void savesAndListsNewestFirstPerFlow(TandemStore store) {
        MigrationRepository repository = new MigrationRepository(store.jdbi());
        String flow = "flow-" + System.nanoTime();
        repository.save(run(flow + "-1", flow, T0, "timed-out"));
        repository.save(run(flow + "-2", flow, T0.plusSeconds(600), "migrated"));
        repository.save(run(flow + "-3", "other-" + flow, T0.plusSeconds(900), "refused"));

        List<MigrationRepository.Run> ofFlow = repository.recent(Optional.of(flow), 10);
        assertThat(ofFlow).extracting(MigrationRepository.Run::runId).containsExactly(flow + "-2", flow + "-1");
        assertThat(ofFlow.get(0)).isEqualTo(run(flow + "-2", flow, T0.plusSeconds(600), "migrated"));
        assertThat(repository.recent(Optional.empty(), 2)).extracting(MigrationRepository.Run::runId)
                .containsExactly(flow + "-3", flow + "-2");
    }

    @Test
    void savedRunsComeBackWholeNewestFirstPerFlow() {
        try (TandemStore store = TandemStore.open(new StoreSpec("jdbc:h2:file:" + dir.resolve("store"),
                Optional.empty(), Optional.empty()))) {
            savesAndListsNewestFirstPerFlow(store);
        }
    }
}
