package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.StoreSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceGapRepositoryTest {

    @TempDir
    Path dir;

    /**
     * Shared with {@link PostgresStoreTest}: a gap found twice is kept once, and each gap is told by the
     * first verification of its flow that starts after it was found, not by the ones before or after.
     */
    static void eachGapIsToldByTheFirstVerificationAfterIt(TandemStore store) {
        SourceGapRepository gaps = new SourceGapRepository(store.jdbi());
        VerificationRunRepository runs = new VerificationRunRepository(store.jdbi());
        String flow = "flow-" + System.nanoTime();
        Instant t0 = Instant.parse("2026-12-03T07:00:00Z");
        SourceGapRepository.Gap first = new SourceGapRepository.Gap(flow, "orders", 0, 100, 500, t0);
        gaps.save(first);
        gaps.save(new SourceGapRepository.Gap(flow, "orders", 0, 100, 500, t0.plusSeconds(5))); // another process
        gaps.save(new SourceGapRepository.Gap("other-" + flow, "orders", 0, 7, 9, t0));

        assertThat(gaps.sincePreviousVerification(flow)).containsExactly(first);
        assertThat(first.records()).isEqualTo(400);
        assertThat(first.describe()).isEqualTo("orders-0 offsets 100 to 499 (400 record(s), found 2026-12-03T07:00:00Z)");

        runs.save(new VerificationRunRepository.Run("run-1-" + flow, flow, t0.plusSeconds(10), t0.plusSeconds(20), false,
                "{}"));
        assertThat(gaps.sincePreviousVerification(flow)).as("told by the run that started after it").isEmpty();
        assertThat(gaps.sincePreviousVerification("other-" + flow)).hasSize(1);

        SourceGapRepository.Gap during = new SourceGapRepository.Gap(flow, "orders", 1, 0, 3, t0.plusSeconds(15));
        gaps.save(during);
        assertThat(gaps.sincePreviousVerification(flow)).as("found while that run was under way: the next run tells it")
                .containsExactly(during);
    }

    @Test
    void eachGapIsToldByTheFirstVerificationAfterItOnH2() {
        try (TandemStore store = TandemStore.open(new StoreSpec("jdbc:h2:file:" + dir.resolve("store"),
                Optional.empty(), Optional.empty()))) {
            eachGapIsToldByTheFirstVerificationAfterIt(store);
        }
    }
}
