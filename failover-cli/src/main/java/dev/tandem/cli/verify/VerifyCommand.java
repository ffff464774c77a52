package dev.tandem.cli.verify;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.UsageException;
import dev.tandem.cli.output.DurationConverter;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.cli.output.ReportFile;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.safety.ClusterGuard;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.TandemStore;
import dev.tandem.store.VerificationRunRepository;
import dev.tandem.verifier.Verifier;
import dev.tandem.verifier.report.ReportHtml;
import dev.tandem.verifier.report.ReportJson;
import dev.tandem.verifier.report.ReportText;
import dev.tandem.verifier.report.VerificationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem verify PLAYBOOK --flow F}: topology, canaries and checkpoint of one flow, judged by the playbook's thresholds. */
@Command(name = "verify", description = {
    "Prove that a flow works while tandem replicate runs: its topics exist on the target, canaries sent to the"
        + " source arrive (none lost, duplicated or reordered; latency measured), and a checkpoint points at exactly"
        + " the right record. Exit 0 when every threshold of the playbook's verify section holds, 1 when one fails."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Option(names = "--flow", paramLabel = "NAME", required = true, description = "The flow to verify.")
    private String flowName;

    /** How many canaries: a burst of N, or a steady trickle for a while. */
    static final class Amount {
        @Option(names = "--canaries", paramLabel = "N",
                description = "Send N canaries at once (default: verify.canaries, 100).")
        Integer canaries;

        @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Instead, send " + CANARIES_PER_SECOND + " canaries per second for this long.")
        Duration duration;
    }

    static final int CANARIES_PER_SECOND = 10;

    @ArgGroup(exclusive = true)
    private Amount amount = new Amount();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for canaries and for the checkpoint (default: verify.timeout, 60s).")
    private Duration timeout;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema in the README).")
    private OutputFormat output;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML report.")
    private Path report;

    @Option(names = "--continuous", description = "Verify every verify.interval until SIGINT/SIGTERM, one line per run,"
            + " with Prometheus metrics on --metrics-port.")
    private boolean continuous;

    @Option(names = "--metrics-port", paramLabel = "N",
            description = "With --continuous: serve Prometheus metrics on http://0.0.0.0:N/metrics.")
    private Integer metricsPort;

    @Override
    public Integer call() throws InterruptedException {
        TandemCommand tandem = TandemCommand.of(spec);
        Playbook playbook = tandem.loadPlaybook(playbookFile);
        Flow flow = tandem.flow(playbook, flowName, playbookFile);
        VerifySpec settings = settings(playbook.verify());
        if (metricsPort != null && !continuous) {
            throw new UsageException("--metrics-port needs --continuous");
        }
        if (amount.duration != null && continuous) {
            throw new UsageException("--duration and --continuous cannot be combined (--continuous sends verify.canaries"
                    + " every verify.interval)");
        }
        VerificationReport result;
        try (TandemStore store = TandemStore.open(playbook.store())) {
            DefaultKafkaClients clients = new DefaultKafkaClients("tandem-verify");
            // Both clusters answer, as who we are, before a canary is sent: or one line says why not.
            new ClusterGuard(clients).check(playbook, flow);
            Verifier verifier = new Verifier(playbook, clients, new CheckpointRepository(store.jdbi()),
                    new dev.tandem.store.SourceGapRepository(store.jdbi()), tandem.clock());
            VerificationRunRepository runs = new VerificationRunRepository(store.jdbi());
            if (continuous) {
                return new ContinuousVerify(verifier, runs, spec.commandLine().getOut(), tandem.clock(), metricsPort)
                        .run(flow, settings);
            }
            result = verifier.verify(flow, settings, amount.duration == null ? Duration.ZERO : amount.duration);
            runs.save(VerificationRuns.stored(result));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputFormat.json) {
            out.println(ReportJson.pretty(result));
        } else {
            ReportText.print(result, out);
        }
        if (report != null) {
            ReportFile.write(report, ReportHtml.render(result, java.util.OptionalLong.of(settings.maxLatency().toMillis())));
            if (output == OutputFormat.text) {
                out.println("report: " + report.toAbsolutePath());
            }
        }
        out.flush();
        return result.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private VerifySpec settings(VerifySpec playbook) {
        int count = amount.canaries != null ? amount.canaries : amount.duration != null
                ? (int) Math.max(1, amount.duration.toMillis() * CANARIES_PER_SECOND / 1000) : playbook.canaries();
        if (count < 1) {
            throw new UsageException("--canaries must be at least 1");
        }
        return new VerifySpec(playbook.canaryTopic(), count,
                timeout == null ? playbook.timeout() : timeout, playbook.maxLatency(), playbook.maxLost(),
                playbook.maxDuplicated(), playbook.maxCheckpointAge(), playbook.interval());
    }
}
