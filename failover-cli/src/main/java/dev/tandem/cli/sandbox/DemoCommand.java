package dev.tandem.cli.sandbox;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.ShutdownHooks;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.playbook.PlaybookSummary;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.playbook.load.PlaybookLoader;
import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem demo}: the README's first command. Starts two local clusters, checks the bundled
 * sandbox playbook against them, shows that they are two separate clusters, and cleans up.
 * Later features (replicate, verify, failover, drills) join the walk-through as they land.
 */
@Command(name = "demo", description = "Run a full local demo on two fresh local Kafka clusters, then clean up.")
public final class DemoCommand implements Callable<Integer> {

    static final String PLAYBOOK_RESOURCE = "/playbooks/sandbox.yaml";

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", defaultValue = ".tandem/demo", description = "Working folder (default: ${DEFAULT-VALUE}).")
    private Path dir;

    @Option(names = "--east-port", defaultValue = "" + Sandbox.DEFAULT_EAST_PORT, description = "Port of east.")
    private int eastPort;

    @Option(names = "--west-port", defaultValue = "" + Sandbox.DEFAULT_WEST_PORT, description = "Port of west.")
    private int westPort;

    @Option(names = "--keep", description = "Leave the clusters running at the end (stop them with 'tandem sandbox down --dir DIR').")
    private boolean keep;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Sandbox sandbox = new Sandbox(dir, eastPort, westPort, JvmProfile.FAST_START, BrokerClasspath.locate(),
                Clock.systemUTC());
        Thread cleanup = keep ? null : ShutdownHooks.add("tandem-demo-cleanup", sandbox::down);
        try {
            out.println("== 1. Two local Kafka clusters (" + dir + ")");
            out.flush();
            sandbox.up();
            SandboxStatusTable.print(sandbox.status(), out);

            Playbook playbook = bundledPlaybook(TandemCommand.of(spec).playbookLoader())
                    .withBootstrap("east", sandbox.east().bootstrap())
                    .withBootstrap("west", sandbox.west().bootstrap())
                    .withStore(new StoreSpec("jdbc:h2:file:" + dir.toAbsolutePath().resolve("store"),
                            Optional.empty(), Optional.empty()));
            out.println();
            out.println("== 2. The playbook (playbooks/sandbox.yaml, pointed at these clusters)");
            out.print(new PlaybookSummary(playbook).render("playbooks/sandbox.yaml"));

            out.println();
            out.println("== 3. Two separate clusters");
            DefaultKafkaClients clients = new DefaultKafkaClients("tandem-demo");
            DemoTraffic traffic = new DemoTraffic(clients, playbook, out);
            traffic.showSeparateClusters();
            long groupOffset = traffic.consumeSome(TandemCommand.of(spec).clock());
            out.println();
            out.println("== 4. Replication and checkpoints (tandem replicate, flow " + playbook.flows().get(0).name() + ")");
            out.flush();
            Clock clock = TandemCommand.of(spec).clock();
            new DemoReplication(clients, playbook, out, clock).run(DemoTraffic.TOPIC, DemoTraffic.RECORDS, groupOffset,
                    store -> {
                        new DemoVerification(clients, playbook, out, clock).run(store, dir.resolve("verify.html"));
                        new DemoDrill(clients, playbook, out, clock).run(store, dir.resolve("drill.html"));
                    });
            out.println();
            out.println(keep ? "Clusters left running: tandem sandbox down --dir " + dir
                    : "Demo finished; stopping the clusters.");
            return ExitCodes.OK;
        } finally {
            if (!keep) {
                sandbox.down();
                ShutdownHooks.remove(cleanup);
            }
        }
    }

    static Playbook bundledPlaybook(PlaybookLoader loader) {
        return loader.parse(bundledPlaybookText(), "playbooks/sandbox.yaml");
    }

    /** The text of playbooks/sandbox.yaml as the jar holds it. */
    static String bundledPlaybookText() {
        try (InputStream in = DemoCommand.class.getResourceAsStream(PLAYBOOK_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + PLAYBOOK_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
