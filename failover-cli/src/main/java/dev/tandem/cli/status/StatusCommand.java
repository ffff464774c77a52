package dev.tandem.cli.status;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.ShutdownHooks;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.UsageException;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.Playbook;
import dev.tandem.status.Level;
import dev.tandem.status.ProtectionStatus;
import dev.tandem.status.StatusProbe;
import dev.tandem.status.StatusRules;
import dev.tandem.http.PageServer;
import dev.tandem.http.PageServer.Page;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tandem status PLAYBOOK}: are we protected right now? Per flow, replication alive, checkpoint
 * age and RPO exposure, the last verification and drills, the last failover or migration, graded
 * red, amber or green with the reason. Reads the store and the clusters, each call bounded, so it
 * answers with the source cluster down.
 */
@Command(name = "status", description = {
    "Are we protected right now? Per flow: replication alive, checkpoint age and RPO exposure, last"
        + " verification and drills, last failover or migration; red, amber or green with the reason."
        + " Answers with the source cluster down. Exit 1 when any flow is red."})
public final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema in the README).")
    private OutputFormat output;

    @Option(names = "--serve", paramLabel = "PORT", description = "Serve the status as an HTML page that refreshes"
            + " itself (and as JSON at /status.json) on this port (0: any free port) until stopped.")
    private Integer servePort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address --serve listens on (default 127.0.0.1, this host only; 0.0.0.0 for every interface).")
    private String bind;

    private static final Logger LOG = LoggerFactory.getLogger(StatusCommand.class);

    @Override
    public Integer call() throws Exception {
        TandemCommand tandem = TandemCommand.of(spec);
        Clock clock = tandem.clock();
        Playbook playbook = tandem.loadPlaybook(playbookFile);
        StatusProbe probe = new StatusProbe(playbook, new DefaultKafkaClients("tandem-status"), clock);
        if (servePort != null) {
            return serve(probe, clock);
        }
        ProtectionStatus status = check(probe, clock);
        PrintWriter out = spec.commandLine().getOut();
        out.print(output == OutputFormat.json ? StatusJson.render(status) + "\n" : StatusText.render(status));
        out.flush();
        return status.level() == Level.RED ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    private static ProtectionStatus check(StatusProbe probe, Clock clock) {
        var facts = probe.read();
        var now = clock.instant();
        return new ProtectionStatus(now, facts.stream().map(f -> StatusRules.grade(f, now)).toList());
    }

    /**
     * Serves the latest check, made by one thread every {@link StatusHtml#REFRESH_SECONDS}: a request never
     * waits on the clusters or the store, and requests do not pile up checks. The page shows when it was checked.
     */
    private int serve(StatusProbe probe, Clock clock) throws InterruptedException {
        if (servePort < 0 || servePort > 65_535) {
            throw new UsageException("--serve " + servePort + ": not a port (0 to 65535)");
        }
        InetSocketAddress address = new InetSocketAddress(bind, servePort);
        if (address.isUnresolved()) {
            throw new UsageException("--bind " + bind + ": not an address of this host");
        }
        Page first = Page.text(503, "the first check is under way");
        AtomicReference<Pages> latest = new AtomicReference<>(new Pages(first, first, System.nanoTime()));
        PageServer server = new PageServer(address, Map.of("/", () -> fresh(latest.get()).html(),
                "/status.json", () -> fresh(latest.get()).json()));
        latest.set(checked(probe, clock));
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tandem-status-check");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(() -> latest.set(checked(probe, clock)), StatusHtml.REFRESH_SECONDS,
                StatusHtml.REFRESH_SECONDS, TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = ShutdownHooks.add("tandem-status-shutdown", () -> {
            checker.shutdownNow();
            server.close();
            stopped.countDown();
        });
        PrintWriter out = spec.commandLine().getOut();
        out.println("status on " + bind + ":" + server.port() + "/ (and /status.json); stop with Ctrl-C");
        out.flush();
        try {
            stopped.await();
        } finally {
            ShutdownHooks.remove(hook);
        }
        return ExitCodes.OK;
    }

    /** The page and the JSON of one check, and when it was made; a check that failed is both, as 500 with its one line. */
    private record Pages(Page html, Page json, long checkedNanos) {
    }

    /** How old the latest check may be before the pages say so (503) rather than show it as now: three refreshes. */
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(3L * StatusHtml.REFRESH_SECONDS);

    /** The latest check's pages, or 503 when no check has ended for three refreshes (a check that hangs, or died). */
    private static Pages fresh(Pages latest) {
        long age = System.nanoTime() - latest.checkedNanos();
        if (age <= STALE_NANOS) {
            return latest;
        }
        Page stale = Page.text(503, "not checked for " + TimeUnit.NANOSECONDS.toSeconds(age) + " s: the status is not known now");
        return new Pages(stale, stale, latest.checkedNanos());
    }

    private static Pages checked(StatusProbe probe, Clock clock) {
        try {
            ProtectionStatus status = check(probe, clock);
            return new Pages(Page.of(200, "text/html; charset=utf-8", StatusHtml.render(status)),
                    Page.of(200, "application/json", StatusJson.render(status)), System.nanoTime());
        } catch (RuntimeException | Error e) { // logged and shown; the next check comes all the same
            LOG.warn("status check failed: {}", e.toString());
            Page failed = Page.text(500, "status check failed: " + e);
            return new Pages(failed, failed, System.nanoTime());
        }
    }
}
