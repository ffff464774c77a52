package dev.tandem.migration.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.Partition;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrainWatchTest {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private static final Partition A = new Partition("orders", 0);
    private static final Partition B = new Partition("orders", 1);

    private final DrainWatch watch = new DrainWatch(Duration.ofSeconds(30));

    private DrainWatch.State at(int seconds, long endA, long endB, long replicatedA, long replicatedB) {
        return watch.observe(new DrainWatch.Sample(T0.plusSeconds(seconds), Map.of(A, endA, B, endB),
                Map.of(A, replicatedA, B, replicatedB)));
    }

    @Test
    void aSourceNeverSeenMovingStillCountsAsMovingUntilTheQuietPeriodHasPassed() {
        DrainWatch.State first = at(0, 100, 50, 100, 50);
        assertThat(first.drained()).isFalse();
        assertThat(first.moving()).containsExactly(A, B);
        assertThat(first.behind()).isEmpty();
        assertThat(at(29, 100, 50, 100, 50).drained()).isFalse();
        DrainWatch.State quiet = at(30, 100, 50, 100, 50);
        assertThat(quiet.drained()).isTrue();
        assertThat(quiet.quietSoFar()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aMoveOfOnePartitionRestartsItsQuietPeriodOnly() {
        at(0, 100, 50, 100, 50);
        DrainWatch.State moved = at(20, 101, 50, 101, 50);
        assertThat(moved.moving()).containsExactly(A, B);
        DrainWatch.State later = at(35, 101, 50, 101, 50);
        assertThat(later.moving()).containsExactly(A);
        assertThat(later.quietSoFar()).isEqualTo(Duration.ofSeconds(15));
        assertThat(at(50, 101, 50, 101, 50).drained()).isTrue();
    }

    @Test
    void aQuietSourceIsNotDrainedWhileTheReplicaIsBehind() {
        at(0, 100, 50, 90, 50);
        DrainWatch.State behind = at(40, 100, 50, 97, 48);
        assertThat(behind.moving()).isEmpty();
        assertThat(behind.behind()).containsExactly(A, B);
        assertThat(behind.recordsBehind()).isEqualTo(5);
        assertThat(behind.drained()).isFalse();
        assertThat(at(41, 100, 50, 100, 50).drained()).isTrue();
    }

    @Test
    void aPartitionWithoutAnyStoredProgressIsBehindUnlessEmpty() {
        DrainWatch watch = new DrainWatch(Duration.ZERO);
        DrainWatch.State state = watch.observe(new DrainWatch.Sample(T0, Map.of(A, 0L, B, 5L), Map.of()));
        assertThat(state.behind()).containsExactly(B);
        assertThat(state.moving()).isEmpty();
    }

    @Test
    void aPartitionWithATransactionOpenIsNeverQuietThoughItsCommittedEndStandsStill() {
        DrainWatch watch = new DrainWatch(Duration.ofSeconds(30));
        watch.observe(new DrainWatch.Sample(T0, Map.of(A, 100L), Map.of(A, 100L), Map.of(A, 100L)));
        DrainWatch.State open = watch.observe(new DrainWatch.Sample(T0.plusSeconds(40), Map.of(A, 100L),
                Map.of(A, 107L), Map.of(A, 100L)));
        assertThat(open.moving()).containsExactly(A);
        assertThat(open.drained()).isFalse();
        DrainWatch.State stillOpen = watch.observe(new DrainWatch.Sample(T0.plusSeconds(80), Map.of(A, 100L),
                Map.of(A, 107L), Map.of(A, 100L)));
        assertThat(stillOpen.moving()).as("open for longer than the quiet period").containsExactly(A);
        DrainWatch.State committed = watch.observe(new DrainWatch.Sample(T0.plusSeconds(90), Map.of(A, 108L),
                Map.of(A, 108L), Map.of(A, 108L)));
        assertThat(committed.moving()).as("the commit is a move").containsExactly(A);
        assertThat(watch.observe(new DrainWatch.Sample(T0.plusSeconds(120), Map.of(A, 108L), Map.of(A, 108L),
                Map.of(A, 108L))).drained()).isTrue();
    }
}
