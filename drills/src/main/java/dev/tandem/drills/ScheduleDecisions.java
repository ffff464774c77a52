package dev.tandem.drills;

import dev.tandem.playbook.DrillSpec;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the drill scheduler asks of Quartz, decided from plain values: which of the playbook's
 * drills it schedules, what it does with the trigger of a drill the shared schedule has already,
 * and which drills it unschedules. Pure.
 */
final class ScheduleDecisions {

    /** What to do with the trigger of a drill whose job the shared schedule has already. */
    enum ForExisting {
        /** Same cron: kept as it is, so that a host joining does not reset the schedule. */
        KEEP,
        /** Same cron, but Quartz parked the trigger in error (a host could not run its job): reset, then kept. */
        RESET,
        /** Another cron, or no cron trigger at all: the playbook's trigger replaces it. */
        REPLACE
    }

    private ScheduleDecisions() {
    }

    /** The drills that have a schedule, in the playbook's order (the scheduler has a thread for each). */
    static List<DrillSpec> scheduled(List<DrillSpec> drills) {
        return drills.stream().filter(d -> d.schedule().isPresent()).toList();
    }

    /**
     * @param existingCron the cron of the trigger the shared schedule has, if it has a cron trigger
     * @param inError      whether Quartz has that trigger in its error state
     */
    static ForExisting forExisting(String cron, Optional<String> existingCron, boolean inError) {
        if (existingCron.isEmpty() || !existingCron.get().equals(cron)) {
            return ForExisting.REPLACE;
        }
        return inError ? ForExisting.RESET : ForExisting.KEEP;
    }

    /** The drills in the shared schedule that the playbook no longer has, in the schedule's order. */
    static List<String> unscheduled(Collection<String> inSchedule, Collection<String> wanted) {
        return inSchedule.stream().filter(name -> !wanted.contains(name)).toList();
    }
}
