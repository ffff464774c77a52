package dev.tandem.cli.drill;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.UsageException;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.drills.DrillReport;
import dev.tandem.drills.DrillRunner;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.DrillRunRepository;
import dev.tandem.store.TandemStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem drill run PLAYBOOK --drill NAME}: one drill now; exit 0 when it passed, 1 when a step or threshold failed. */
@Command(name = "run", description = {"Run a drill's steps in order, stopping at the first failure; measure RPO and RTO."})
public final class DrillRunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Option(names = "--drill", paramLabel = "NAME", required = true, description = "The drill to run.")
    private String drillName;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema in the README).")
    private OutputFormat output;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML report with RPO and RTO trends over past runs.")
    private Path report;

    @Override
    public Integer call() throws InterruptedException {
        TandemCommand tandem = TandemCommand.of(spec);
        Playbook playbook = tandem.loadPlaybook(playbookFile);
        DrillSpec drill = playbook.drill(drillName).orElseThrow(() -> new UsageException("no drill '" + drillName + "' in "
                + playbookFile + " (drills: " + (playbook.drills().isEmpty() ? "none" : String.join(", ",
                playbook.drills().stream().map(DrillSpec::name).toList())) + ")"));
        try (TandemStore store = TandemStore.open(playbook.store())) {
            DrillReport report = new DrillRunner(playbook, new DefaultKafkaClients("tandem-drill"), store, tandem.clock())
                    .run(drill);
            PrintWriter out = spec.commandLine().getOut();
            if (output == OutputFormat.json) {
                out.println(DrillReportOutput.json(report, true));
            } else {
                DrillReportOutput.printText(report, out);
            }
            out.flush();
            DrillRunRepository runs = new DrillRunRepository(store.jdbi());
            runs.save(DrillRuns.stored(report));
            if (this.report != null) {
                DrillRuns.writeReport(runs, report, drill, this.report);
                if (output == OutputFormat.text) {
                    out.println("report: " + this.report.toAbsolutePath());
                    out.flush();
                }
            }
            return report.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }
}
