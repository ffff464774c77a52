package dev.tandem.cli.sandbox;

import dev.tandem.cli.ExitCodes;
import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.Sandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem sandbox up|down|status}: two real local Kafka clusters, east and west. */
@Command(name = "sandbox",
        description = "Two local single-broker KRaft clusters (east, west) from Kafka's own jars.",
        subcommands = {SandboxCommand.Up.class, SandboxCommand.Down.class, SandboxCommand.Status.class})
public final class SandboxCommand {

    /** Options every sandbox verb shares. */
    static final class Location {
        @Option(names = "--dir", defaultValue = ".tandem/sandbox",
                description = "Folder of the clusters' config, data and logs (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--east-port", defaultValue = "" + Sandbox.DEFAULT_EAST_PORT,
                description = "Client port of east; its controller uses the next one (default: ${DEFAULT-VALUE}).")
        int eastPort;

        @Option(names = "--west-port", defaultValue = "" + Sandbox.DEFAULT_WEST_PORT,
                description = "Client port of west; its controller uses the next one (default: ${DEFAULT-VALUE}).")
        int westPort;

        @Option(names = "--fast-start", description = "Start brokers with C1 only: faster start, lower throughput.")
        boolean fastStart;

        /** The clusters as they were made in {@link #dir} (secured when they were made so). */
        Sandbox sandbox() {
            return new Sandbox(dir, eastPort, westPort, jvm(), BrokerClasspath.locate(), Clock.systemUTC());
        }

        Sandbox securedSandbox() {
            return new Sandbox(dir, eastPort, westPort, jvm(), BrokerClasspath.locate(), Clock.systemUTC(), true);
        }

        private JvmProfile jvm() {
            return fastStart ? JvmProfile.FAST_START : JvmProfile.STEADY;
        }
    }

    @Command(name = "up", description = "Start both clusters (those not running) and wait until they answer.")
    static final class Up implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Location location;

        @Option(names = "--security", paramLabel = "MODE", converter = ModeConverter.class,
                description = "sasl-ssl or mtls: secured clusters (SASL_SSL with SCRAM and PLAIN on the client port,"
                        + " mutual TLS on the port after the controller's, ACLs closed by default), their CA,"
                        + " certificates and users made in DIR/security, and a playbook for them written as"
                        + " DIR/playbook-MODE.yaml.")
        SecuredPlaybook.Mode security;

        @Override
        public Integer call() {
            Sandbox sandbox = security == null ? location.sandbox() : location.securedSandbox();
            sandbox.up();
            PrintWriter out = spec.commandLine().getOut();
            int code = SandboxStatusTable.print(sandbox.status(), out);
            if (security != null) {
                Path playbook = SecuredPlaybook.write(sandbox, location.dir, security);
                out.println("playbook for them, as user tandem over " + (security == SecuredPlaybook.Mode.MTLS
                        ? "mutual TLS" : "SASL_SSL with SCRAM-SHA-512") + ": " + playbook);
                out.println("  try: bin/tandem validate " + playbook + "; bin/tandem replicate " + playbook);
                out.println("  secrets (owner only): " + sandbox.security().orElseThrow().dir()
                        + " (admin.properties: a super user for your own tools)");
                out.flush();
            }
            return code;
        }
    }

    /** {@code sasl-ssl} or {@code mtls}. */
    static final class ModeConverter implements picocli.CommandLine.ITypeConverter<SecuredPlaybook.Mode> {
        @Override
        public SecuredPlaybook.Mode convert(String value) {
            for (SecuredPlaybook.Mode mode : SecuredPlaybook.Mode.values()) {
                if (mode.option().equals(value)) {
                    return mode;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected sasl-ssl or mtls, found '" + value + "'");
        }
    }

    @Command(name = "down", description = "Stop both clusters' brokers (data is kept in --dir).")
    static final class Down implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Location location;

        @Override
        public Integer call() {
            Sandbox sandbox = location.sandbox();
            sandbox.down();
            PrintWriter out = spec.commandLine().getOut();
            sandbox.status().forEach(s -> out.println(s.alias() + "  " + (s.running() ? "still running" : "stopped")));
            return sandbox.status().stream().anyMatch(Sandbox.ClusterStatus::running) ? ExitCodes.CHECK_FAILED
                    : ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Show whether each cluster runs. Exit 0 when both run, 5 otherwise.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Location location;

        @Override
        public Integer call() {
            return SandboxStatusTable.print(location.sandbox().status(), spec.commandLine().getOut());
        }
    }
}
