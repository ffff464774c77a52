package dev.tandem.drills;

import dev.tandem.client.Translation;
import dev.tandem.playbook.DrillSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The recovery point and time a failover rehearsal measures, and the drill's thresholds on them.
 * RPO: the records the source had acknowledged that were not on the target at the cut, and how
 * long before the cut the oldest of them was written. RTO: from the cut to the first record the
 * group read on the target. Pure.
 */
final class RecoveryObjectives {

    /** A source partition behind at the cut: how many records, and when the first of them was written. */
    record Behind(long records, Instant firstWritten) {
    }

    private RecoveryObjectives() {
    }

    /** How many records of a source partition are not on the target yet, by the translation of its end offset. */
    static long notYetReplicated(Translation atEnd) {
        return atEnd instanceof Translation.AheadOfReplication ahead ? Math.max(0, ahead.recordsNotYetReplicated()) : 0;
    }

    /** The RPO at {@code cut}: every partition's records behind, over the oldest of them (never negative; 0 when none). */
    static DrillReport.Rpo rpo(List<Behind> behind, Instant cut) {
        long records = behind.stream().mapToLong(Behind::records).sum();
        Optional<Instant> oldest = behind.stream().map(Behind::firstWritten).min(Comparator.naturalOrder());
        return new DrillReport.Rpo(records, oldest.map(o -> Math.max(0, Duration.between(o, cut).toMillis())).orElse(0L));
    }

    /** The RTO: from the cut to the first record read after the move. */
    static long rtoMs(Instant cut, Instant firstRead) {
        return Duration.between(cut, firstRead).toMillis();
    }

    /** The drill's thresholds the measures exceed (a measure equal to its threshold passes), RPO first. */
    static List<DrillFailure> exceeded(DrillSpec drill, DrillReport.Rpo rpo, long rtoMs) {
        List<DrillFailure> failures = new ArrayList<>();
        drill.maxRpo().ifPresent(max -> {
            if (rpo.windowMs() > max.toMillis()) {
                failures.add(new DrillFailure.Exceeded(DrillFailure.Objective.RPO, rpo.windowMs(), max.toMillis()));
            }
        });
        drill.maxRto().ifPresent(max -> {
            if (rtoMs > max.toMillis()) {
                failures.add(new DrillFailure.Exceeded(DrillFailure.Objective.RTO, rtoMs, max.toMillis()));
            }
        });
        return failures;
    }
}
