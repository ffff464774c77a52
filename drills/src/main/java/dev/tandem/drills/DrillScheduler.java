package dev.tandem.drills;

import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.TandemStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem drill schedule}: every drill with a {@code schedule} runs on its Quartz cron. A drill
 * never runs twice at once (a firing while it runs waits), and a firing missed while the scheduler
 * was down or busy fires once, late, not once per missed time. A clustered scheduler keeps the
 * schedule in the store's database: the schedulers of several hosts share it, each firing runs on
 * one of them, and when one host stops the others go on firing.
 */
public final class DrillScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DrillScheduler.class);
    private static final String DRILL = "drill";

    /** A run the scheduler made: the report, the firing it was for, and the scheduler (host and process) that ran it. */
    public record ScheduledRun(DrillReport report, Instant scheduledFor, String ranBy) {
    }

    private final Scheduler scheduler;
    private final List<DrillSpec> drills;

    private DrillScheduler(Playbook playbook, DrillRunner runner, Consumer<ScheduledRun> finished, Properties quartz) {
        this.drills = scheduled(playbook);
        try {
            scheduler = new StdSchedulerFactory(quartz).getScheduler();
            scheduler.setJobFactory(new DrillJobFactory(playbook, runner, finished));
        } catch (SchedulerException e) {
            throw new IllegalStateException("create the drill scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * A scheduler of its own, in memory.
     *
     * @param runner   runs a drill (on a scheduler thread)
     * @param finished told about every run that ended (print it, store it)
     */
    public static DrillScheduler inMemory(Playbook playbook, DrillRunner runner, Consumer<ScheduledRun> finished) {
        return new DrillScheduler(playbook, runner, finished, SchedulerStore.inMemory(scheduled(playbook).size()));
    }

    /** A scheduler sharing its schedule with the other hosts' through Quartz's job store in {@code store}. */
    public static DrillScheduler clustered(Playbook playbook, DrillRunner runner, Consumer<ScheduledRun> finished,
                                           TandemStore store) {
        return new DrillScheduler(playbook, runner, finished, SchedulerStore.clustered(store, scheduled(playbook).size()));
    }

    /** The playbook's drills that have a schedule (one Quartz thread each). */
    private static List<DrillSpec> scheduled(Playbook playbook) {
        return ScheduleDecisions.scheduled(playbook.drills());
    }

    /**
     * Schedules every drill that has a schedule and starts firing; returns their names. A schedule
     * already in a shared job store is kept as it is when its cron is the same (so a host joining
     * does not reset it) and replaced when it changed; drills no longer in the playbook are removed.
     */
    public List<String> start() {
        try {
            for (DrillSpec drill : drills) {
                schedule(drill);
            }
            List<String> inSchedule = scheduler.getJobKeys(GroupMatcher.jobGroupEquals(DrillTriggers.GROUP)).stream()
                    .map(JobKey::getName).toList();
            List<String> wanted = drills.stream().map(DrillSpec::name).toList();
            for (String stale : ScheduleDecisions.unscheduled(inSchedule, wanted)) {
                unschedule(stale);
            }
            scheduler.start();
            return wanted;
        } catch (SchedulerException e) {
            throw new IllegalStateException("start the drill scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Removes a drill no longer in the playbook from the schedule. Hosts starting together each remove
     * it from the shared job store; the one that comes second may be refused while the first does
     * (seen in DrillIT: "Unable to unschedule trigger"), so a refusal is tried again, and is no
     * failure once the job is gone.
     */
    private void unschedule(String stale) throws SchedulerException {
        JobKey key = DrillTriggers.jobKey(stale);
        for (int attempt = 1; ; attempt++) {
            try {
                if (scheduler.deleteJob(key)) {
                    LOG.info("drill {} is no longer in the playbook: unscheduled", stale);
                }
                return;
            } catch (SchedulerException refused) {
                if (!scheduler.checkExists(key)) {
                    return; // another host removed it meanwhile
                }
                if (attempt == 3) {
                    throw refused;
                }
            }
        }
    }

    /** Adds the drill's job and cron trigger, unless the shared schedule has them already. */
    private void schedule(DrillSpec drill) throws SchedulerException {
        // Quartz fires by the system clock: the trigger's first firing is reckoned by it too.
        Trigger trigger = DrillTriggers.cron(drill, Instant.now());
        try {
            scheduler.scheduleJob(JobBuilder.newJob(DrillJob.class).withIdentity(DrillTriggers.jobKey(drill.name()))
                    .usingJobData(DRILL, drill.name()).build(), trigger);
            LOG.info("drill {} scheduled: {} (next {})", drill.name(), drill.schedule().orElseThrow(),
                    trigger.getNextFireTime());
        } catch (ObjectAlreadyExistsException sharedAlready) {
            keepOrReplace(drill, trigger);
        }
    }

    /** The shared schedule has the drill's job: keeps its trigger when the cron is the same, else replaces it. */
    private void keepOrReplace(DrillSpec drill, Trigger trigger) throws SchedulerException {
        String cron = drill.schedule().orElseThrow();
        TriggerKey key = trigger.getKey();
        Optional<CronTrigger> existing = scheduler.getTrigger(key) instanceof CronTrigger c ? Optional.of(c)
                : Optional.empty();
        Optional<String> existingCron = existing.map(CronTrigger::getCronExpression);
        // Its state matters only to a trigger that is kept.
        boolean inError = existingCron.filter(cron::equals).isPresent()
                && scheduler.getTriggerState(key) == Trigger.TriggerState.ERROR;
        switch (ScheduleDecisions.forExisting(cron, existingCron, inError)) {
            case RESET -> {
                // Quartz parks a trigger whose job a host could not run; this host can.
                scheduler.resetTriggerFromErrorState(key);
                LOG.warn("drill {}: its shared trigger was in error; reset", drill.name());
                LOG.info("drill {} already scheduled: {} (next {})", drill.name(), cron, existing.get().getNextFireTime());
            }
            case KEEP -> LOG.info("drill {} already scheduled: {} (next {})", drill.name(), cron,
                    existing.get().getNextFireTime());
            case REPLACE -> replace(drill, trigger);
        }
    }

    /** Replaces the drill's trigger, or adds it when the shared schedule has the job without one. */
    private void replace(DrillSpec drill, Trigger trigger) throws SchedulerException {
        String cron = drill.schedule().orElseThrow();
        if (scheduler.rescheduleJob(trigger.getKey(), trigger) == null) {
            try {
                scheduler.scheduleJob(trigger);
            } catch (ObjectAlreadyExistsException anotherHostJustDid) {
                LOG.debug("drill {}: another host scheduled it meanwhile", drill.name());
            }
            LOG.info("drill {} scheduled: {} (next {})", drill.name(), cron, trigger.getNextFireTime());
        } else {
            LOG.info("drill {} rescheduled: {} (next {})", drill.name(), cron, trigger.getNextFireTime());
        }
    }

    /** Stops firing and waits for drills that are running to end. */
    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("stopping the drill scheduler failed: {}", e.getMessage());
        }
    }

    /** One drill's job: never two at once, as the annotation tells Quartz. */
    @DisallowConcurrentExecution
    static final class DrillJob implements Job {
        private final Playbook playbook;
        private final DrillRunner runner;
        private final Consumer<ScheduledRun> finished;

        DrillJob(Playbook playbook, DrillRunner runner, Consumer<ScheduledRun> finished) {
            this.playbook = playbook;
            this.runner = runner;
            this.finished = finished;
        }

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            String name = context.getMergedJobDataMap().getString(DRILL);
            try {
                DrillSpec drill = playbook.drill(name).orElseThrow(() -> new IllegalStateException(
                        "the shared schedule has drill " + name + ", this host's playbook has not"));
                DrillReport report = runner.run(drill);
                finished.accept(new ScheduledRun(report, context.getScheduledFireTime().toInstant(),
                        context.getScheduler().getSchedulerInstanceId()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SchedulerException | RuntimeException e) {
                // One failed run must not end the schedule: logged, and the next firing tries again.
                LOG.warn("drill {} could not run: {}", name, e.getMessage());
            }
        }
    }

    /** Builds drill jobs with what they need, instead of Quartz's no-argument constructor. */
    private record DrillJobFactory(Playbook playbook, DrillRunner runner, Consumer<ScheduledRun> finished)
            implements JobFactory {
        @Override
        public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) {
            return new DrillJob(playbook, runner, finished);
        }
    }
}
