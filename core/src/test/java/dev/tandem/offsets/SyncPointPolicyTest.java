package dev.tandem.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyncPointPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SyncPointPolicy policy = new SyncPointPolicy("orders", 3, Duration.ofSeconds(10));

    @Test
    void recordsTheFirstRecordAndThenNothingWhileOffsetsRunInStep() {
        assertThat(policy.onReplicated(100, 0, T0)).extracting(SyncPoint::sourceOffset).containsExactly(100L);
        for (int i = 1; i < 50; i++) {
            assertThat(policy.onReplicated(100 + i, i, T0.plusMillis(i))).isEmpty();
        }
    }

    @Test
    void aTransactionMarkerGapRecordsBothEdges() {
        policy.onReplicated(0, 0, T0);
        policy.onReplicated(1, 1, T0);

        // source offset 2 is a commit marker: the next record is 3
        assertThat(policy.onReplicated(3, 2, T0))
                .extracting(SyncPoint::sourceOffset, SyncPoint::targetOffset, SyncPoint::endsSegment)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1L, true),
                        org.assertj.core.groups.Tuple.tuple(3L, 2L, false));
    }

    @Test
    void recordsAtLeastOncePerInterval() {
        policy.onReplicated(0, 0, T0);
        assertThat(policy.onReplicated(1, 1, T0.plusSeconds(9))).isEmpty();
        assertThat(policy.onReplicated(2, 2, T0.plusSeconds(10))).hasSize(1);
    }

    @Test
    void refusesAcknowledgementsOutOfOrder() {
        policy.onReplicated(5, 5, T0);

        assertThatThrownBy(() -> policy.onReplicated(4, 6, T0)).hasMessageContaining("out of order");
    }
}
