package dev.tandem.cli.verify;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.UsageException;
import dev.tandem.cli.output.DurationConverter;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.TandemStore;
import dev.tandem.store.VerificationRunRepository;
import dev.tandem.verifier.Verifier;
import dev.tandem.verifier.report.ReportHtml;
import dev.tandem.verifier.report.ReportJson;
import dev.tandem.verifier.report.ReportText;
import dev.tandem.verifier.report.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
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

    @Option(names = "--canaries", paramLabel = "N", description = "Canaries to send (default: verify.canaries, 100).")
    private Integer canaries;

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
        VerificationReport result;
        try (TandemStore store = TandemStore.open(playbook.store())) {
            Verifier verifier = new Verifier(playbook, new DefaultKafkaClients("tandem-verify"),
                    new CheckpointRepository(store.jdbi()), tandem.clock());
            VerificationRunRepository runs = new VerificationRunRepository(store.jdbi());
            if (continuous) {
                return new ContinuousVerify(verifier, runs, spec.commandLine().getOut(), tandem.clock(), metricsPort)
                        .run(flow, settings);
            }
            result = verifier.verify(flow, settings);
            runs.save(ContinuousVerify.stored(result));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputFormat.json) {
            out.println(ReportJson.pretty(result));
        } else {
            ReportText.print(result, out);
        }
        if (report != null) {
            writeReport(result);
            if (output == OutputFormat.text) {
                out.println("report: " + report.toAbsolutePath());
            }
        }
        out.flush();
        return result.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private VerifySpec settings(VerifySpec playbook) {
        return new VerifySpec(playbook.canaryTopic(), canaries == null ? playbook.canaries() : canaries,
                timeout == null ? playbook.timeout() : timeout, playbook.maxLatency(), playbook.maxLost(),
                playbook.maxDuplicated(), playbook.maxCheckpointAge(), playbook.interval());
    }

    private void writeReport(VerificationReport result) {
        try {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, ReportHtml.render(result));
        } catch (IOException e) {
            throw new UsageException("cannot write the report " + report + ": " + e.getMessage());
        }
    }
}
