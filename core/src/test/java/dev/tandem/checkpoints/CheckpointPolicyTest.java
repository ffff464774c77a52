package dev.tandem.checkpoints;

import dev.tandem.client.Checkpoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.Translation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final CheckpointPolicy policy = new CheckpointPolicy(Duration.ofMinutes(1));

    private static Checkpoint at(long sourceOffset, Translation translation, Instant now) {
        return new Checkpoint("f", "g", "orders", 0, sourceOffset, "east.orders", translation, now, now);
    }

    @Test
    void aNewCheckpointIsWritten() {
        Checkpoint candidate = at(5, new Translation.Exact(7), T0);

        assertThat(policy.next(Optional.empty(), candidate)).contains(candidate);
    }

    @Test
    void anUnchangedCheckpointIsNotWrittenAgainUntilItsConfirmationIsDue() {
        Checkpoint written = at(5, new Translation.Exact(7), T0);

        assertThat(policy.next(Optional.of(written), at(5, new Translation.Exact(7), T0.plusSeconds(59)))).isEmpty();
        Optional<Checkpoint> confirmed = policy.next(Optional.of(written), at(5, new Translation.Exact(7), T0.plusSeconds(60)));
        assertThat(confirmed).isPresent();
        assertThat(confirmed.get().checkpointedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(confirmed.get().committedAt()).as("the group is at offset 5 since T0").isEqualTo(T0);
    }

    @Test
    void aChangedTranslationOfTheSameOffsetIsWrittenAtOnceKeepingTheCommitTime() {
        Checkpoint ahead = at(5, new Translation.AheadOfReplication(3, 2), T0);

        Optional<Checkpoint> next = policy.next(Optional.of(ahead), at(5, new Translation.Exact(7), T0.plusSeconds(5)));

        assertThat(next).isPresent();
        assertThat(next.get().translation()).isEqualTo(new Translation.Exact(7));
        assertThat(next.get().committedAt()).isEqualTo(T0);
    }

    @Test
    void aNewCommittedOffsetIsWrittenAtOnceWithANewCommitTime() {
        Checkpoint written = at(5, new Translation.Exact(7), T0);

        Optional<Checkpoint> next = policy.next(Optional.of(written), at(6, new Translation.Exact(8), T0.plusSeconds(5)));

        assertThat(next).isPresent();
        assertThat(next.get().committedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(next.get().committedAfter()).as("committed after the checkpointer last vouched for offset 5")
                .contains(T0);
    }

    @Test
    void theLowerBoundOfACommitIsUnknownAtFirstSightAndKeptWhileTheOffsetStays() {
        Checkpoint first = policy.next(Optional.empty(), at(5, new Translation.Exact(7), T0)).orElseThrow();
        assertThat(first.committedAfter()).as("never seen before: the commit may be older").isEmpty();

        Checkpoint moved = policy.next(Optional.of(first), at(6, new Translation.Exact(8), T0.plusSeconds(5))).orElseThrow();
        Checkpoint retranslated = policy.next(Optional.of(moved), at(6, new Translation.NoSyncPoint(), T0.plusSeconds(10)))
                .orElseThrow();
        Checkpoint confirmed = policy.next(Optional.of(retranslated), at(6, new Translation.NoSyncPoint(),
                T0.plusSeconds(75))).orElseThrow();

        assertThat(List.of(moved, retranslated, confirmed)).allSatisfy(c -> {
            assertThat(c.committedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(c.committedAfter()).contains(T0);
        });
    }
}
