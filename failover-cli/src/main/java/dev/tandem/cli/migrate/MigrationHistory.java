package dev.tandem.cli.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.output.JsonText;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.cli.output.TextTable;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.MigrationRepository;
import dev.tandem.store.TandemStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code tandem migrate --history}: past migrations from the store, newest first. */
final class MigrationHistory {

    private static final int LIMIT = 50;

    private MigrationHistory() {
    }

    static int print(Playbook playbook, Optional<String> flow, OutputFormat output, PrintWriter out) throws IOException {
        List<MigrationRepository.Run> runs;
        try (TandemStore store = TandemStore.open(playbook.store())) {
            runs = new MigrationRepository(store.jdbi()).recent(flow, LIMIT);
        }
        if (output == OutputFormat.json) {
            ObjectMapper json = new ObjectMapper();
            ArrayNode list = json.createArrayNode();
            for (MigrationRepository.Run r : runs) {
                list.add(json.readTree(r.reportJson()));
            }
            out.println(JsonText.pretty(list));
        } else if (runs.isEmpty()) {
            out.println("no migrations" + flow.map(f -> " of flow " + f).orElse("") + " in the store");
        } else {
            TextTable table = new TextTable("STARTED", "FLOW", "RESULT", "DRY-RUN", "GROUPS", "COMPARED", "TOOK",
                    "OPERATOR", "FAILED STEPS");
            for (MigrationRepository.Run r : runs) {
                table.row(r.startedAt(), r.flow(), r.result(), r.dryRun() ? "yes" : "no",
                        r.groups().isEmpty() ? "-" : r.groups(), r.recordsCompared(),
                        Duration.between(r.startedAt(), r.finishedAt()).toSeconds() + " s", r.operator(),
                        r.failures().isEmpty() ? "-" : r.failures().replace("\n", "; "));
            }
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
