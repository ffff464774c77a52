package dev.tandem.cli.sandbox;

import dev.tandem.cli.drill.DrillReportOutput;
import dev.tandem.cli.drill.DrillRuns;
import dev.tandem.drills.DrillReport;
import dev.tandem.drills.DrillRunner;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.DrillRunRepository;
import dev.tandem.store.TandemStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

/** The demo's drill step: the bundled playbook's first drill, every step, with its HTML report. */
final class DemoDrill {

    private final KafkaClients clients;
    private final Playbook playbook;
    private final PrintWriter out;
    private final Clock clock;

    DemoDrill(KafkaClients clients, Playbook playbook, PrintWriter out, Clock clock) {
        this.clients = clients;
        this.playbook = playbook;
        this.out = out;
        this.clock = clock;
    }

    void run(TandemStore store, Path report) throws InterruptedException {
        DrillSpec drill = playbook.drills().get(0);
        out.println();
        out.println("== 6. A DR drill (tandem drill run --drill " + drill.name() + ": " + String.join(", ",
                drill.steps().stream().map(DrillSpec.Step::yamlName).toList()) + ")");
        out.flush();
        DrillReport result = new DrillRunner(playbook, clients, store, clock).run(drill);
        DrillReportOutput.printText(result, out);
        DrillRunRepository runs = new DrillRunRepository(store.jdbi());
        runs.save(DrillRuns.stored(result));
        DrillRuns.writeReport(runs, result, drill, report);
        out.println("report: " + report.toAbsolutePath());
        out.flush();
    }
}
