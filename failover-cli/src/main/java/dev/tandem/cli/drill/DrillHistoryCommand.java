package dev.tandem.cli.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.output.JsonText;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.cli.output.TextTable;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.DrillRunRepository;
import dev.tandem.store.TandemStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem drill history PLAYBOOK [--drill NAME]}: past runs from the store, newest first. */
@Command(name = "history", description = {"List past drill runs from the store: time, result, RPO, RTO, canary p99, failed checks."})
public final class DrillHistoryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Option(names = "--drill", paramLabel = "NAME", description = "Only this drill's runs.")
    private String drill;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N runs (default 50).")
    private int limit;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema in the README).")
    private OutputFormat output;

    @Override
    public Integer call() throws Exception {
        Playbook playbook = TandemCommand.of(spec).loadPlaybook(playbookFile);
        List<DrillRunRepository.Run> runs;
        try (TandemStore store = TandemStore.open(playbook.store())) {
            runs = new DrillRunRepository(store.jdbi()).recent(Optional.ofNullable(drill), limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputFormat.json) {
            ObjectMapper json = new ObjectMapper();
            ArrayNode list = json.createArrayNode();
            for (DrillRunRepository.Run r : runs) {
                ObjectNode run = (ObjectNode) json.readTree(r.reportJson());
                run.put("scheduledFor", r.scheduledFor().map(Instant::toString).orElse(null));
                run.put("ranBy", r.ranBy());
                list.add(run);
            }
            out.println(JsonText.pretty(list));
        } else if (runs.isEmpty()) {
            out.println("no drill runs" + (drill == null ? "" : " of " + drill) + " in the store");
        } else {
            TextTable table = new TextTable("STARTED", "DRILL", "RESULT", "RPO", "RTO", "P99", "RAN BY", "FAILED CHECKS");
            for (DrillRunRepository.Run r : runs) {
                table.row(r.startedAt(), r.drill(), r.passed() ? "passed" : "failed",
                        r.rpoRecords().map(n -> n + " (" + r.rpoWindowMs().orElse(0L) + " ms)").orElse("-"),
                        r.rtoMs().map(t -> t + " ms").orElse("-"), r.canaryP99Ms().map(t -> t + " ms").orElse("-"),
                        r.ranBy() + r.scheduledFor().map(t -> " (scheduled)").orElse(""),
                        r.failures().isEmpty() ? "-" : r.failures().replace("\n", "; "));
            }
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
