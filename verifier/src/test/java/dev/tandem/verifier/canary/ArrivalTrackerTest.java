package dev.tandem.verifier.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArrivalTrackerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Canary canary(String run, int partition, long sequence) {
        return new Canary(run, partition, sequence, T0);
    }

    @Test
    void countsDeliveredLostDuplicatedAndReorderedPerPartition() {
        ArrivalTracker tracker = new ArrivalTracker("r", 6);

        tracker.arrived(canary("r", 0, 0), T0.plusMillis(10));
        tracker.arrived(canary("r", 0, 2), T0.plusMillis(20));
        tracker.arrived(canary("r", 0, 1), T0.plusMillis(30));   // after 2: reordered
        tracker.arrived(canary("r", 0, 2), T0.plusMillis(40));   // again: duplicated
        tracker.arrived(canary("r", 1, 0), T0.plusMillis(50));   // another partition: in order
        tracker.arrived(canary("other", 1, 1), T0.plusMillis(60)); // another run: ignored

        CanaryResult result = tracker.result();
        assertThat(result.sent()).isEqualTo(6);
        assertThat(result.delivered()).isEqualTo(4);
        assertThat(result.lost()).isEqualTo(2);
        assertThat(result.duplicated()).isEqualTo(1);
        assertThat(result.reordered()).isEqualTo(1);
        assertThat(result.latenciesMs()).containsExactly(10L, 20L, 30L, 50L);
        assertThat(tracker.complete()).isFalse();
    }

    @Test
    void latencyPercentilesUseTheNearestRank() {
        LatencySummary summary = LatencySummary.of(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());

        assertThat(summary).isEqualTo(new LatencySummary(50, 95, 99, 100));
        assertThat(LatencySummary.of(java.util.List.of())).isEqualTo(new LatencySummary(0, 0, 0, 0));
    }

    @Test
    void aCanarySurvivesItsWireFormatAndOtherRecordsAreNotCanaries() {
        Canary canary = new Canary("run-1", 2, 17, Instant.parse("2026-01-01T00:00:00.123456Z"));

        assertThat(Canary.decode(canary.value())).contains(canary);
        assertThat(Canary.decode("{\"order\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();
        assertThat(Canary.decode("not json".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();
        assertThat(Canary.decode(null)).isEmpty();
    }
}
