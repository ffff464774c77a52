package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.playbook.StoreSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpeningStoreTest {

    @TempDir
    Path dir;

    private StoreSpec h2File(String name) {
        return new StoreSpec("jdbc:h2:file:" + dir.resolve(name), Optional.empty(), Optional.empty());
    }

    @Test
    void aRepositoryMadeBeforeTheStoreIsOpenWaitsForItThenWorksOnIt() {
        CompletableFuture<TandemStore> opening = new CompletableFuture<>();
        try (OpeningStore store = OpeningStore.when(opening)) {
            // made while nothing is open: a repository asks the store nothing until it is used
            CheckpointRepository checkpoints = new CheckpointRepository(store.jdbi());
            SyncPointRepository syncPoints = new SyncPointRepository(store.jdbi());
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                saveProgress(syncPoints, "f", List.of(new SyncPointRepository.Progress("orders", 0, 10, 10,
                        Instant.parse("2026-12-07T00:00:00Z"))));
                return checkpoints.latest("f", Optional.empty()).size();
            });
            assertThatThrownBy(() -> read.get(300, TimeUnit.MILLISECONDS)).as("waiting for the store")
                    .isInstanceOf(TimeoutException.class);

            opening.complete(TandemStore.open(h2File("later")));

            assertThat(read.join()).isZero();
            assertThat(syncPoints.positions("f").get("orders").get(0).nextSourceOffset())
                    .as("the progress saved once the store was open").isEqualTo(10);
        }
    }

    @Test
    void aStoreThatCouldNotBeOpenedFailsEveryStatementAndTheWaitWithItsOwnLine() {
        StoreException refused = new StoreException("open the store jdbc:postgresql://db:5432/tandem: connection refused",
                null);
        try (OpeningStore store = OpeningStore.when(CompletableFuture.failedFuture(refused))) {
            assertThatThrownBy(store::awaitOpen).isSameAs(refused);
            assertThatThrownBy(() -> new CheckpointRepository(store.jdbi()).latest("f", Optional.empty()))
                    .isSameAs(refused);
        }
    }

    @Test
    void openingInTheBackgroundOpensAndMigratesTheStore() {
        try (OpeningStore store = OpeningStore.open(h2File("background"))) {
            assertThat(new CheckpointRepository(store.jdbi()).latest("f", Optional.empty())).isEmpty();
            assertThat(store.awaitOpen().isPostgreSql()).isFalse();
        }
    }

    private static void saveProgress(SyncPointRepository repository, String flow, List<SyncPointRepository.Progress> progress) {
        repository.record(flow, t -> t, Owner.UNCHECKED, List.of(), progress, java.time.Instant.EPOCH);
    }
}
