package dev.tandem.drills;

import dev.tandem.playbook.DrillSpec;
import dev.tandem.store.DrillRunRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The scheduled drills' metrics, per drill (Prometheus names): the last run's end
 * [tandem_drill_last_run_timestamp_seconds], verdict [tandem_drill_last_passed, 1 or 0], RPO
 * [tandem_drill_last_rpo_records] and RTO [tandem_drill_last_rto_seconds]; the time between two
 * firings of its schedule [tandem_drill_schedule_interval_seconds], so that an alert can tell a drill
 * that did not run when it should have; runs this process finished [tandem_drill_runs_total, by
 * result]. The "last" gauges read the store (at most once per {@link #STORE_READ_EVERY}), so every
 * host of a clustered scheduler tells the same last run, whichever host ran it; NaN before any run.
 */
public final class DrillMetrics {

    static final Duration STORE_READ_EVERY = Duration.ofSeconds(5);

    private final DrillRunRepository runs;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Optional<DrillRunRepository.Run>> last = new ConcurrentHashMap<>();
    private volatile Instant readAt = Instant.MIN;

    public DrillMetrics(MeterRegistry registry, List<DrillSpec> drills, DrillRunRepository runs, Clock clock) {
        this.registry = registry;
        this.runs = runs;
        this.clock = clock;
        for (DrillSpec drill : drills) {
            if (drill.schedule().isEmpty()) {
                continue;
            }
            String name = drill.name();
            gauge("tandem.drill.last.run.timestamp.seconds", name, "When the drill's last run ended (epoch seconds)",
                    run -> run.finishedAt().toEpochMilli() / 1000.0);
            gauge("tandem.drill.last.passed", name, "1 when the drill's last run passed, 0 when it failed",
                    run -> run.passed() ? 1 : 0);
            gauge("tandem.drill.last.rpo.records", name, "Records not on the target at the cut, in the last run",
                    run -> run.rpoRecords().map(Long::doubleValue).orElse(Double.NaN));
            gauge("tandem.drill.last.rto.seconds", name, "Recovery time measured by the last run's failover rehearsal",
                    run -> run.rtoMs().map(ms -> ms / 1000.0).orElse(Double.NaN));
            double interval = intervalSeconds(drill.schedule().get(), clock.instant());
            Gauge.builder("tandem.drill.schedule.interval.seconds", () -> interval).tag("drill", name)
                    .description("Seconds between two firings of the drill's schedule").register(registry);
            runsCounter(name, true);
            runsCounter(name, false);
        }
    }

    /** A run this process finished. */
    public void finished(DrillReport report) {
        runsCounter(report.drill(), report.passed()).increment();
        readAt = Instant.MIN;
    }

    private Counter runsCounter(String drill, boolean passed) {
        return Counter.builder("tandem.drill.runs").tag("drill", drill).tag("result", passed ? "passed" : "failed")
                .description("Drill runs this process finished").register(registry);
    }

    private void gauge(String name, String drill, String description, ToDoubleFunction<DrillRunRepository.Run> value) {
        Gauge.builder(name, () -> lastRun(drill).map(value::applyAsDouble).orElse(Double.NaN)).tag("drill", drill)
                .description(description).register(registry);
    }

    private Optional<DrillRunRepository.Run> lastRun(String drill) {
        Instant now = clock.instant();
        if (now.isAfter(readAt.plus(STORE_READ_EVERY))) {
            synchronized (this) {
                last.clear();
                readAt = now;
            }
        }
        return last.computeIfAbsent(drill, d -> runs.recent(Optional.of(d), 1).stream().findFirst());
    }

    /** The time between the next two firings of a Quartz cron expression after {@code now}. */
    static double intervalSeconds(String cron, Instant now) {
        return QuartzCron.interval(cron, now).map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
    }
}
