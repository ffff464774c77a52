package dev.tandem.drills;

import dev.tandem.failover.FailoverRun;
import dev.tandem.verifier.canary.Canary;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The checks of the failover and failback rehearsals: each passes quietly or throws a
 * {@link DrillStepException} saying what was found instead of what was expected. Pure.
 */
final class RehearsalVerdicts {

    private RehearsalVerdicts() {
    }

    /** Before the cut, the drill group's checkpoint must point at exactly the record the group reads next. */
    static void checkpointExact(CheckpointResult checkpoint) {
        if (!checkpoint.exact()) {
            throw new DrillStepException("the drill group's checkpoint: " + checkpoint.problem().orElse("not exact"));
        }
    }

    /** The rehearsal's failover or failback must leave the group where its checkpoints say: applied, or there already. */
    static void moved(FailoverRun run) {
        if (!run.result().groupsInPlace()) {
            throw new DrillStepException("the " + run.plan().direction().wireName() + " was " + run.result().wireName()
                    + ": " + String.join("; ", run.plan().groups().stream().flatMap(g -> g.refusals().stream()).toList()));
        }
    }

    /** After failover, the first record the group reads on the target must be the canary it had not read yet. */
    static void resumedAt(Optional<Canary> firstRead, Canary expected) {
        if (firstRead.isEmpty() || !firstRead.get().equals(expected)) {
            throw new DrillStepException("after failover the drill group read "
                    + firstRead.map(c -> "canary " + c.sequence()).orElse("a record that is no canary")
                    + " first, not canary " + expected.sequence());
        }
    }

    /**
     * After failback, the group must be home right after the record it read away.
     *
     * @param at the group's committed offset of {@code partition} at home, if it has one
     */
    static void backHome(OptionalLong at, long expected, String partition) {
        if (at.isEmpty() || at.getAsLong() != expected) {
            throw new DrillStepException("after failback the drill group is at offset " + (at.isPresent()
                    ? String.valueOf(at.getAsLong()) : "null") + " of " + partition + ", not " + expected);
        }
    }
}
