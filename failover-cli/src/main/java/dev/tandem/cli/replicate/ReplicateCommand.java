package dev.tandem.cli.replicate;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.ShutdownHooks;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.output.Terminal;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.metrics.MetricsServer;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.replicator.ReplicationFailedException;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.Replicator;
import dev.tandem.store.OpeningStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem replicate PLAYBOOK}: runs flows in the foreground until SIGINT/SIGTERM. */
@Command(name = "replicate", description = {
    "Mirror the flows' topics from source to target until stopped (SIGINT/SIGTERM), recording exact"
        + " offset sync points. Several processes with the same playbook and flow share its partitions."})
public final class ReplicateCommand implements Callable<Integer> {

    /** How long a stop may take: flush, save sync points, commit, close. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Option(names = "--flow", paramLabel = "NAME", description = "Run only this flow (repeatable; default: all).")
    private List<String> flowNames = new ArrayList<>();

    @Option(names = "--metrics-port", paramLabel = "N",
            description = "Serve Prometheus metrics on http://0.0.0.0:N/metrics, liveness on /healthz and readiness"
                    + " (every flow copying) on /ready (default: off).")
    private Integer metricsPort;

    @Option(names = "--no-progress", description = "No progress lines on the terminal while catching up; the"
            + " periodic INFO summary instead, as when stderr is not a terminal.")
    private boolean noProgress;

    @Override
    public Integer call() throws InterruptedException {
        Playbook playbook = TandemCommand.of(spec).loadPlaybook(playbookFile);
        List<Flow> flows = selectFlows(playbook);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DefaultKafkaClients kafka = new DefaultKafkaClients("tandem-replicator");
        // The store (database, migrations) opens meanwhile: the clusters' checks need none, nor do the flows
        // until they take their first partitions (their replicas created, their groups joined by then).
        OpeningStore store = OpeningStore.open(playbook.store());
        Replicator.Preflight checked;
        try {
            checked = Replicator.preflight(playbook, flows, kafka);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try (store;
             Replicator replicator = new Replicator(playbook, flows, kafka, store, registry, Clock.systemUTC(),
                     ReplicationSettings.defaults());
             MetricsServer metrics = metricsPort == null ? null
                     : new MetricsServer(registry, metricsPort, replicator::liveness, replicator::readiness)) {
            // Registered before start: a SIGTERM at any moment lets the flows save their progress.
            Thread hook = ShutdownHooks.add("tandem-replicate-shutdown", () -> stopAndWait(replicator));
            Optional<ReplicationFailedException> failure;
            ScheduledExecutorService progress = null;
            try {
                replicator.start(checked);
                store.awaitOpen(); // one that cannot be opened fails the start with its one line; nothing was copied
                spec.commandLine().getOut().printf("replicating %s%s; stop with Ctrl-C%n",
                        flows.stream().map(f -> f.name() + " (" + f.source() + " -> " + f.target() + ")").toList(),
                        metrics == null ? "" : ", metrics on :" + metrics.port() + "/metrics");
                spec.commandLine().getOut().flush();
                if (!noProgress && Terminal.stderrIsInteractive()) {
                    progress = showProgress(replicator);
                }
                failure = replicator.awaitTermination(Duration.ofDays(36_500));
            } finally {
                try {
                    if (progress != null) {
                        progress.shutdownNow();
                        progress.awaitTermination(2, TimeUnit.SECONDS); // a line being drawn, before the last words
                    }
                } finally {
                    ShutdownHooks.remove(hook);
                }
            }
            if (failure.isPresent()) {
                throw failure.get();
            }
            return ExitCodes.OK;
        }
    }

    /** On a terminal: the flows' progress lines, once a second, on stderr (the log's stream). */
    private ScheduledExecutorService showProgress(Replicator replicator) {
        replicator.showProgressOnTerminal();
        java.util.concurrent.atomic.AtomicLong stderrBytes = Terminal.countStderr();
        ProgressLines lines = new ProgressLines(new java.io.PrintWriter(System.err, false), stderrBytes::get);
        Clock clock = TandemCommand.of(spec).clock();
        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tandem-progress");
            thread.setDaemon(true);
            return thread;
        });
        PrintStream stderr = System.err;
        every.scheduleAtFixedRate(() -> {
            // No log line between looking at the stream, drawing, and counting what was drawn.
            synchronized (stderr) {
                lines.update(replicator.progress(), clock.instant());
            }
        }, 1, 1, TimeUnit.SECONDS);
        return every;
    }

    private static void stopAndWait(Replicator replicator) {
        replicator.stop();
        try {
            replicator.awaitTermination(SHUTDOWN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Flow> selectFlows(Playbook playbook) {
        if (flowNames.isEmpty()) {
            return playbook.flows();
        }
        List<Flow> flows = new ArrayList<>();
        TandemCommand tandem = TandemCommand.of(spec);
        for (String name : flowNames) {
            flows.add(tandem.flow(playbook, name, playbookFile));
        }
        return flows;
    }
}
