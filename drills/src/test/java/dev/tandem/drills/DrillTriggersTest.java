package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.DrillSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.spi.OperableTrigger;

class DrillTriggersTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00.400Z");
    private static final DrillSpec EVERY_SECOND = new DrillSpec("fast", "f", Optional.of("* * * * * ?"),
            List.of(DrillSpec.Step.PREFLIGHT), Optional.empty(), Optional.empty());

    @Test
    void theTriggerIsTheDrillsCronNamedAfterTheDrillInTheSharedGroup() {
        CronTrigger trigger = (CronTrigger) DrillTriggers.cron(EVERY_SECOND, NOW);

        assertThat(trigger.getCronExpression()).isEqualTo("* * * * * ?");
        assertThat(trigger.getKey()).isEqualTo(DrillTriggers.triggerKey("fast"));
        assertThat(trigger.getJobKey()).isEqualTo(DrillTriggers.jobKey("fast"));
        assertThat(trigger.getKey().getGroup()).isEqualTo("tandem-drills");
    }

    @Test
    void theFirstFiringIsAfterNowNeverTheCurrentSecondsWhichAnotherHostMayHaveRun() {
        OperableTrigger trigger = (OperableTrigger) DrillTriggers.cron(EVERY_SECOND, NOW);

        Date first = trigger.computeFirstFireTime(null);

        assertThat(first.toInstant()).isAfter(NOW).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
    }

    /** Quartz reckons a misfire by the system clock (new Date()): so does this test, without waiting. */
    @Test
    void aFiringMissedWhileTheSchedulerWasDownFiresOnceNowNotOncePerMissedTime() {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        OperableTrigger trigger = (OperableTrigger) DrillTriggers.cron(EVERY_SECOND, anHourAgo);
        trigger.computeFirstFireTime(null);
        Instant beforeMisfire = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        assertThat(trigger.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
        trigger.updateAfterMisfire(null);
        Date late = trigger.getNextFireTime();
        trigger.triggered(null);

        assertThat(late.toInstant()).as("the one late firing").isAfterOrEqualTo(beforeMisfire);
        assertThat(trigger.getNextFireTime()).as("then on schedule again, not the 3600 missed firings")
                .isAfter(late);
    }
}
