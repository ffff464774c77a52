package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.drills.ScheduleDecisions.ForExisting;
import dev.tandem.playbook.DrillSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleDecisionsTest {

    private static final String EVERY_HOUR = "0 0 * * * ?";

    private static DrillSpec drill(String name, Optional<String> schedule) {
        return new DrillSpec(name, "f", schedule, List.of(DrillSpec.Step.PREFLIGHT), Optional.empty(), Optional.empty());
    }

    @Test
    void onlyDrillsWithAScheduleAreScheduledInThePlaybooksOrder() {
        List<DrillSpec> drills = List.of(drill("nightly", Optional.of("0 0 2 * * ?")), drill("by-hand", Optional.empty()),
                drill("hourly", Optional.of(EVERY_HOUR)));

        assertThat(ScheduleDecisions.scheduled(drills)).extracting(DrillSpec::name).containsExactly("nightly", "hourly");
        assertThat(ScheduleDecisions.scheduled(List.of(drill("by-hand", Optional.empty())))).isEmpty();
    }

    @Test
    void aSharedTriggerWithTheSameCronIsKeptSoThatAHostJoiningDoesNotResetIt() {
        assertThat(ScheduleDecisions.forExisting(EVERY_HOUR, Optional.of(EVERY_HOUR), false)).isEqualTo(ForExisting.KEEP);
    }

    @Test
    void aSharedTriggerWithTheSameCronInErrorIsResetAndKept() {
        assertThat(ScheduleDecisions.forExisting(EVERY_HOUR, Optional.of(EVERY_HOUR), true)).isEqualTo(ForExisting.RESET);
    }

    @Test
    void aSharedTriggerWithAnotherCronOrNoneIsReplacedInErrorOrNot() {
        assertThat(ScheduleDecisions.forExisting(EVERY_HOUR, Optional.of("0 30 * * * ?"), false))
                .isEqualTo(ForExisting.REPLACE);
        assertThat(ScheduleDecisions.forExisting(EVERY_HOUR, Optional.of("0 30 * * * ?"), true))
                .isEqualTo(ForExisting.REPLACE);
        assertThat(ScheduleDecisions.forExisting(EVERY_HOUR, Optional.empty(), false)).isEqualTo(ForExisting.REPLACE);
    }

    @Test
    void drillsTheSharedScheduleHasAndThePlaybookNoLongerHasAreUnscheduledAndNoOthers() {
        LinkedHashSet<String> inSchedule = new LinkedHashSet<>(List.of("retired", "nightly", "renamed-old"));

        assertThat(ScheduleDecisions.unscheduled(inSchedule, List.of("nightly", "renamed-new")))
                .containsExactly("retired", "renamed-old");
        assertThat(ScheduleDecisions.unscheduled(inSchedule, inSchedule)).isEmpty();
        assertThat(ScheduleDecisions.unscheduled(List.of(), List.of("nightly"))).as("a drill not shared yet is added,"
                + " not unscheduled").isEmpty();
    }
}
