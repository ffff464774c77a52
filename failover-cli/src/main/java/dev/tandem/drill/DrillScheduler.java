package dev.tandem.drill;

import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.Playbook;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem drill schedule}: every drill with a {@code schedule} runs on its Quartz cron. A drill
 * never runs twice at once (a firing while it runs waits), and a firing missed while the scheduler
 * was down or busy fires once, late, not once per missed time.
 */
public final class DrillScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DrillScheduler.class);
    private static final String DRILL = "drill";

    private final Scheduler scheduler;
    private final List<DrillSpec> drills;

    /**
     * @param runner   runs a drill (on a scheduler thread)
     * @param finished told about every run that ended (print it, store it)
     */
    public DrillScheduler(Playbook playbook, DrillRunner runner, Consumer<DrillReport> finished) {
        this.drills = playbook.drills().stream().filter(d -> d.schedule().isPresent()).toList();
        try {
            Properties config = new Properties();
            config.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "tandem-drills");
            config.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.max(1, drills.size())));
            config.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
            config.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
            scheduler = new StdSchedulerFactory(config).getScheduler();
            scheduler.setJobFactory(new DrillJobFactory(playbook, runner, finished));
        } catch (SchedulerException e) {
            throw new IllegalStateException("create the drill scheduler: " + e.getMessage(), e);
        }
    }

    /** Schedules every drill that has a schedule and starts firing; returns their names. */
    public List<String> start() {
        try {
            for (DrillSpec drill : drills) {
                JobDetail job = JobBuilder.newJob(DrillJob.class).withIdentity(drill.name()).usingJobData(DRILL, drill.name())
                        .build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(drill.name()).withSchedule(CronScheduleBuilder
                        .cronSchedule(drill.schedule().orElseThrow()).withMisfireHandlingInstructionFireAndProceed()).build();
                scheduler.scheduleJob(job, trigger);
                LOG.info("drill {} scheduled: {} (next {})", drill.name(), drill.schedule().get(), trigger.getNextFireTime());
            }
            scheduler.start();
            return drills.stream().map(DrillSpec::name).toList();
        } catch (SchedulerException e) {
            throw new IllegalStateException("start the drill scheduler: " + e.getMessage(), e);
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
        private final Consumer<DrillReport> finished;

        DrillJob(Playbook playbook, DrillRunner runner, Consumer<DrillReport> finished) {
            this.playbook = playbook;
            this.runner = runner;
            this.finished = finished;
        }

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            String name = context.getMergedJobDataMap().getString(DRILL);
            try {
                finished.accept(runner.run(playbook.drill(name).orElseThrow()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // One failed run must not end the schedule: logged, and the next firing tries again.
                LOG.warn("drill {} could not run: {}", name, e.getMessage());
            }
        }
    }

    /** Builds drill jobs with what they need, instead of Quartz's no-argument constructor. */
    private record DrillJobFactory(Playbook playbook, DrillRunner runner, Consumer<DrillReport> finished)
            implements JobFactory {
        @Override
        public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) {
            return new DrillJob(playbook, runner, finished);
        }
    }
}
