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
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    private int serve(StatusProbe probe, Clock clock) throws IOException, InterruptedException {
        if (servePort < 0 || servePort > 65_535) {
            throw new UsageException("--serve " + servePort + ": not a port (0 to 65535)");
        }
        com.sun.net.httpserver.HttpServer server;
        try {
            server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(servePort), 0);
        } catch (java.net.BindException e) {
            throw new UsageException("--serve " + servePort + ": the port is in use");
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/")) {
                body = StatusHtml.render(check(probe, clock)).getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            } else if (path.equals("/status.json")) {
                body = StatusJson.render(check(probe, clock)).getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        // one request at a time: each reads the clusters and the store (bounded), and a refresh does not pile up
        server.setExecutor(java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tandem-status-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = ShutdownHooks.add("tandem-status-shutdown", () -> {
            server.stop(0);
            stopped.countDown();
        });
        PrintWriter out = spec.commandLine().getOut();
        out.println("status on :" + server.getAddress().getPort() + "/ (and /status.json); stop with Ctrl-C");
        out.flush();
        try {
            stopped.await();
        } finally {
            ShutdownHooks.remove(hook);
        }
        return ExitCodes.OK;
    }
}
