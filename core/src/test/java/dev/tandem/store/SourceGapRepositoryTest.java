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
     * Shared with {@link PostgresStoreTest}: a gap found twice is kept once, and each gap is told by
     * exactly one verification run of its flow, the first that claims it (a gap found while a run is
     * under way by the next), whatever the time the hosts' clocks gave it.
     */
    static void eachGapIsToldByExactlyOneVerificationRun(TandemStore store) {
        SourceGapRepository gaps = new SourceGapRepository(store.jdbi());
        String flow = "flow-" + System.nanoTime();
        Instant t0 = Instant.parse("2026-12-03T07:00:00Z");
        SourceGapRepository.Gap first = new SourceGapRepository.Gap(flow, "orders", 0, 100, 500, t0);
        assertThat(gaps.save(first)).as("records new to the store").isEqualTo(400);
        assertThat(gaps.save(new SourceGapRepository.Gap(flow, "orders", 0, 100, 500, t0.plusSeconds(5))))
                .as("the same gap found again (a restart, another process)").isZero();
        gaps.save(new SourceGapRepository.Gap("other-" + flow, "orders", 0, 7, 9, t0));
        assertThat(first.records()).isEqualTo(400);
        assertThat(first.describe()).isEqualTo("orders-0 offsets 100 to 499 (400 record(s), found 2026-12-03T07:00:00Z)");

        assertThat(gaps.tell(flow, "run-1")).containsExactly(first);
        assertThat(gaps.tell(flow, "run-2")).as("told once, by the run that claimed it").isEmpty();
        assertThat(gaps.tell("other-" + flow, "run-2")).as("another flow's gaps are its own").hasSize(1);

        // found later, but stamped an hour earlier by a host whose clock is behind: still told, by the next run
        SourceGapRepository.Gap skewed = new SourceGapRepository.Gap(flow, "orders", 1, 0, 3, t0.minusSeconds(3_600));
        gaps.save(skewed);
        assertThat(gaps.tell(flow, "run-3")).containsExactly(skewed);
        assertThat(gaps.tell(flow, "run-4")).isEmpty();
        assertThat(gaps.recorded(flow)).as("every gap, told or not").hasSize(2);

        // found again after retention went on: the 200 more records are new, and the longer gap is told again
        assertThat(gaps.save(new SourceGapRepository.Gap(flow, "orders", 0, 100, 700, t0.plusSeconds(60)))).isEqualTo(200);
        assertThat(gaps.tell(flow, "run-5")).extracting(SourceGapRepository.Gap::to).containsExactly(700L);
    }

    @Test
    void eachGapIsToldByExactlyOneVerificationRunOnH2() {
        try (TandemStore store = TandemStore.open(new StoreSpec("jdbc:h2:file:" + dir.resolve("store"),
                Optional.empty(), Optional.empty()))) {
            eachGapIsToldByExactlyOneVerificationRun(store);
        }
    }
}
