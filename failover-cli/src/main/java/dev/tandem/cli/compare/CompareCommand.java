package dev.tandem.cli.compare;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.UsageException;
import dev.tandem.cli.output.DurationConverter;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.cli.output.Terminal;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.safety.ClusterGuard;
import dev.tandem.safety.ClusterIds;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.TandemStore;
import dev.tandem.verifier.compare.ComparisonJson;
import dev.tandem.verifier.compare.ComparisonReport;
import dev.tandem.verifier.compare.ComparisonText;
import dev.tandem.verifier.compare.RecordComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem compare PLAYBOOK --flow F}: a flow's source partitions and their replicas, record by record. */
@Command(name = "compare", description = {
    "Compare a flow's source partitions with their replicas record by record (key, value, headers, timestamp),"
        + " aligned through the sync points: per partition the records compared, equal, missing on the target, extra"
        + " on the target and mismatched, with the first of each. Exit 0 when the same, 1 when different."})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Option(names = "--flow", paramLabel = "NAME", required = true, description = "The flow to compare.")
    private String flowName;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "A source topic to compare (repeatable; default:"
            + " every topic the flow selects).")
    private List<String> topics = new ArrayList<>();

    @Option(names = "--partition", paramLabel = "P", description = "Only this partition of each topic.")
    private Integer partition;

    /** Where the comparison starts. */
    static final class From {
        @Option(names = "--from-offset", paramLabel = "OFFSET",
                description = "From this source offset (default: the first replicated record still on the source).")
        Long offset;

        @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "From the first source record written this long ago.")
        Duration since;
    }

    @ArgGroup(exclusive = true)
    private From from = new From();

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema in the README).")
    private OutputFormat output;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long to wait for the flow's stored progress to reach the source's ends (default 30s);"
                    + " what is not replicated then is a difference.")
    private Duration timeout;

    @Option(names = "--no-progress", description = "No progress line on a terminal.")
    private boolean noProgress;

    @Override
    public Integer call() {
        TandemCommand tandem = TandemCommand.of(spec);
        Playbook playbook = tandem.loadPlaybook(playbookFile);
        Flow flow = tandem.flow(playbook, flowName, playbookFile);
        if (partition != null && partition < 0) {
            throw new UsageException("--partition must be 0 or more, not " + partition);
        }
        if (from.offset != null && from.offset < 0) {
            throw new UsageException("--from-offset must be 0 or more, not " + from.offset);
        }
        ComparisonReport report;
        try (TandemStore store = TandemStore.open(playbook.store())) {
            DefaultKafkaClients clients = new DefaultKafkaClients("tandem-compare");
            ClusterIds ids = new ClusterGuard(clients).check(playbook, flow);
            RecordComparison comparison = new RecordComparison(playbook, clients,
                    new SyncPointRepository(store.jdbi()), tandem.clock());
            Set<String> selected = comparison.selectedTopics(flow);
            for (String topic : topics) {
                if (!selected.contains(topic)) {
                    throw new UsageException("--topic " + topic + ": not a topic flow " + flow.name()
                            + " replicates from " + flow.source() + " (it does not exist there or the flow's topics"
                            + " do not select it)");
                }
            }
            RecordComparison.Start start = from.offset != null ? new RecordComparison.Start.FromOffset(from.offset)
                    : from.since != null ? new RecordComparison.Start.Since(from.since)
                    : new RecordComparison.Start.Replicated();
            RecordComparison.Progress progress = !noProgress && Terminal.stderrIsInteractive()
                    ? new ProgressLine(tandem.clock()) : (topic, p, records, bytes) -> { };
            report = comparison.compare(flow, ids.target(), new RecordComparison.Selection(List.copyOf(topics),
                    partition == null ? OptionalInt.empty() : OptionalInt.of(partition), start, timeout), progress);
            if (progress instanceof ProgressLine line) {
                line.finish();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputFormat.json) {
            out.println(ComparisonJson.pretty(report));
        } else {
            ComparisonText.print(report, out);
        }
        out.flush();
        return report.same() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
