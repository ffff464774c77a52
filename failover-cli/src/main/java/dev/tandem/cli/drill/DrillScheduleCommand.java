package dev.tandem.cli.drill;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.ShutdownHooks;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.UsageException;
import dev.tandem.drills.DrillMetrics;
import dev.tandem.drills.DrillReport;
import dev.tandem.drills.DrillRunner;
import dev.tandem.drills.DrillScheduler;
import dev.tandem.drills.DrillScheduler.ScheduledRun;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.metrics.Health;
import dev.tandem.metrics.MetricsServer;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.DrillRunRepository;
import dev.tandem.store.TandemStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem drill schedule PLAYBOOK}: runs the drills on their cron schedules until SIGINT/SIGTERM. */
@Command(name = "schedule", description = {"Run the playbook's drills on their Quartz cron schedules, in the foreground"
        + " until SIGINT/SIGTERM; every run is stored and printed as one line."})
public final class DrillScheduleCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Option(names = "--metrics-port", paramLabel = "N",
            description = "Serve Prometheus metrics (the drills' last runs, from the store) on http://0.0.0.0:N/metrics,"
                    + " liveness on /healthz and readiness (drills scheduled) on /ready (default: off).")
    private Integer metricsPort;

    @Override
    public Integer call() throws InterruptedException {
        Playbook playbook = TandemCommand.of(spec).loadPlaybook(playbookFile);
        if (playbook.drills().stream().noneMatch(d -> d.schedule().isPresent())) {
            throw new UsageException("no drill in " + playbookFile + " has a schedule");
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<Health> ready = new AtomicReference<>(Health.down("starting"));
        try (TandemStore store = TandemStore.open(playbook.store())) {
            DrillRunRepository runs = new DrillRunRepository(store.jdbi());
            DrillRunner runner = new DrillRunner(playbook, new DefaultKafkaClients("tandem-drill"), store,
                    TandemCommand.of(spec).clock());
            DrillMetrics metrics = new DrillMetrics(registry, playbook.drills(), runs, TandemCommand.of(spec).clock());
            Consumer<ScheduledRun> finished = run -> {
                record(runs, run, out);
                metrics.finished(run.report());
            };
            try (MetricsServer server = metricsPort == null ? null
                         : new MetricsServer(registry, metricsPort, () -> Health.up("running"), ready::get);
                 DrillScheduler scheduler = playbook.clusteredScheduler()
                    ? DrillScheduler.clustered(playbook, runner, finished, store)
                    : DrillScheduler.inMemory(playbook, runner, finished)) {
                // The JVM ends when its hooks have: this one lets a running drill end and hands its
                // firings back to the shared schedule before it returns.
                Thread hook = ShutdownHooks.add("tandem-drill-schedule-shutdown", () -> {
                    scheduler.close();
                    stopped.countDown();
                });
                List<String> scheduled = scheduler.start();
                ready.set(Health.up("drills scheduled: " + String.join(", ", scheduled)));
                out.println("drills scheduled" + (playbook.clusteredScheduler() ? " (clustered, shared through the store)" : "")
                        + ": " + String.join(", ", scheduled)
                        + (server == null ? "" : ", metrics on :" + server.port() + "/metrics") + "; stop with Ctrl-C");
                out.flush();
                try {
                    stopped.await();
                } finally {
                    ShutdownHooks.remove(hook);
                }
            }
        }
        return ExitCodes.OK;
    }

    private static synchronized void record(DrillRunRepository runs, ScheduledRun run, PrintWriter out) {
        runs.save(DrillRuns.stored(run));
        DrillReport report = run.report();
        out.printf("%s drill %s %s: RPO %s, RTO %s%s%n", report.finishedAt(), report.drill(),
                report.passed() ? "passed" : "FAILED", report.rpo().map(r -> r.records() + " records").orElse("-"),
                report.rtoMs().map(t -> t + " ms").orElse("-"),
                report.passed() ? "" : "; " + String.join("; ", report.failureTexts()));
        out.flush();
    }
}
