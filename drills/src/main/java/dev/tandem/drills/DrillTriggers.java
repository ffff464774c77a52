package dev.tandem.drills;

import dev.tandem.playbook.DrillSpec;
import java.time.Instant;
import java.util.Date;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * The names and cron triggers of scheduled drills in Quartz: job and trigger are named after the
 * drill, in one group, so that the schedulers of several hosts find each other's.
 */
final class DrillTriggers {

    static final String GROUP = "tandem-drills";

    private DrillTriggers() {
    }

    static JobKey jobKey(String drill) {
        return JobKey.jobKey(drill, GROUP);
    }

    static TriggerKey triggerKey(String drill) {
        return TriggerKey.triggerKey(drill, GROUP);
    }

    /**
     * The drill's cron trigger. Its first firing is after {@code now}, never the firing of the
     * current second that another host may have run already. A firing missed (the scheduler was
     * down, or the drill's previous run still going) fires once, late, not once per missed time.
     */
    static Trigger cron(DrillSpec drill, Instant now) {
        return TriggerBuilder.newTrigger().withIdentity(triggerKey(drill.name())).forJob(jobKey(drill.name()))
                .startAt(Date.from(now.plusSeconds(1)))
                .withSchedule(CronScheduleBuilder.cronSchedule(drill.schedule().orElseThrow())
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
