package dev.tandem.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.offsets.Translation;
import java.time.Duration;
import java.time.Instant;
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
    }
}
