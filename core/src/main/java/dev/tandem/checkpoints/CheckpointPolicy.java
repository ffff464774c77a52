package dev.tandem.checkpoints;

import dev.tandem.client.Checkpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, each checkpoint cycle, which checkpoints are written: new and changed ones at once,
 * unchanged ones only when their confirmation is due. So a thousand idle groups cost a write a
 * minute, while a checkpoint's age still tells how long ago the checkpointer last vouched for it.
 */
public final class CheckpointPolicy {

    private final Duration confirmEvery;

    /** @param confirmEvery how often an unchanged checkpoint is written again to show it still holds */
    public CheckpointPolicy(Duration confirmEvery) {
        if (confirmEvery.isNegative() || confirmEvery.isZero()) {
            throw new IllegalArgumentException("confirmEvery must be positive: " + confirmEvery);
        }
        this.confirmEvery = confirmEvery;
    }

    /**
     * @param previous  the checkpoint last written for the same flow, group and partition
     * @param candidate the checkpoint computed now (committed and checkpointed now)
     * @return the checkpoint to write, or empty when {@code previous} still holds
     */
    public Optional<Checkpoint> next(Optional<Checkpoint> previous, Checkpoint candidate) {
        if (previous.isEmpty()) {
            return Optional.of(candidate);
        }
        Checkpoint last = previous.get();
        boolean sameOffset = last.sourceOffset() == candidate.sourceOffset();
        // The group has been at this offset since the checkpointer first saw it there; a new offset
        // was committed after the checkpointer last vouched for the old one.
        Checkpoint next = sameOffset ? withCommitTimes(candidate, last.committedAt(), last.committedAfter())
                : withCommitTimes(candidate, candidate.committedAt(), Optional.of(last.checkpointedAt()));
        boolean unchanged = sameOffset && last.targetTopic().equals(candidate.targetTopic())
                && last.translation().equals(candidate.translation());
        boolean confirmationDue = !last.checkpointedAt().plus(confirmEvery).isAfter(candidate.checkpointedAt());
        return unchanged && !confirmationDue ? Optional.empty() : Optional.of(next);
    }

    private static Checkpoint withCommitTimes(Checkpoint candidate, Instant committedAt, Optional<Instant> committedAfter) {
        return new Checkpoint(candidate.flow(), candidate.group(), candidate.sourceTopic(), candidate.partition(),
                candidate.sourceOffset(), candidate.targetTopic(), candidate.translation(), committedAt,
                candidate.checkpointedAt(), committedAfter);
    }
}
