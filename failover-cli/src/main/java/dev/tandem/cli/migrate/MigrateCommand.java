package dev.tandem.cli.migrate;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.UsageException;
import dev.tandem.cli.output.DurationConverter;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.cli.output.ReportFile;
import dev.tandem.cli.output.Terminal;
import dev.tandem.failover.GroupSelection;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.migration.Migration;
import dev.tandem.migration.MigrationReport;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.MigrationRepository;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.SyncedAclRepository;
import dev.tandem.store.TandemStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem migrate PLAYBOOK --flow F --group G ...}: the cutover of a flow's groups from a live source. */
@Command(name = "migrate", description = {
    "Move consumer groups from a flow's live source to its target once producers have stopped: preflight, wait"
        + " until the source is quiet and the replica caught up, compare the records the groups have still to read,"
        + " take their final checkpoint and move them (compare-and-set, read back). Nothing moves unless every step"
        + " passes. Exit 0 migrated, 1 timed out or different, 4 refused. --history lists past runs."})
public final class MigrateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Option(names = "--flow", paramLabel = "NAME", description = "The flow (source -> target); required but with --history.")
    private String flowName;

    @ArgGroup(exclusive = true)
    private Groups groups;

    static final class Groups {
        @Option(names = "--group", paramLabel = "GROUP", description = "A consumer group to migrate (repeatable).")
        List<String> named = new ArrayList<>();

        @Option(names = "--groups-regex", paramLabel = "REGEX", description = "Every group on the source whose whole"
                + " name matches this Java regex, that the flow's groups filter selects and that committed offsets on"
                + " the flow's topics.")
        Pattern regex;

        @Option(names = "--all-groups", description = "Every such group.")
        boolean all;
    }

    @Option(names = "--dry-run", description = "Preflight, drain and compare, then print the plan of the final"
            + " checkpoint and the move; nothing is stored or moved.")
    private boolean dryRun;

    @Option(names = "--force", description = "Move groups despite inexact final checkpoints or members active on the"
            + " target (they are removed); never despite members active on the source.")
    private boolean force;

    @Option(names = "--quiet-for", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long no source partition's end may move before the source counts as quiet (default 30s).")
    private Duration quietFor;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10m",
            description = "How long to wait for the source to be quiet and the replica caught up (default 10m).")
    private Duration timeout;

    @Option(names = "--compare-window", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "1h", description = "The comparison starts at the groups' lowest committed positions, but"
            + " never at records written longer ago than this (default 1h).")
    private Duration compareWindow;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema in the README).")
    private OutputFormat output;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write the report as a self-contained"
            + " HTML file.")
    private Path report;

    @Option(names = "--history", description = "List past migrations (of --flow when given) from the store.")
    private boolean history;

    @Option(names = "--no-progress", description = "No redrawn progress line on a terminal.")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        TandemCommand tandem = TandemCommand.of(spec);
        Playbook playbook = tandem.loadPlaybook(playbookFile);
        PrintWriter out = spec.commandLine().getOut();
        if (history) {
            return MigrationHistory.print(playbook, Optional.ofNullable(flowName), output, out);
        }
        if (flowName == null) {
            throw new UsageException("--flow is required (but with --history)");
        }
        if (groups == null) {
            throw new UsageException("name the groups to migrate: --group, --groups-regex or --all-groups");
        }
        Flow flow = tandem.flow(playbook, flowName, playbookFile);
        MigrationReport run;
        try (TandemStore store = TandemStore.open(playbook.store())) {
            MigrationProgress progress = new MigrationProgress(spec.commandLine().getErr(),
                    !noProgress && Terminal.stderrIsInteractive(), quietFor, tandem.clock());
            run = new Migration(playbook, new DefaultKafkaClients("tandem-migrate"),
                    new SyncPointRepository(store.jdbi()), new CheckpointRepository(store.jdbi()),
                    new SyncedAclRepository(store.jdbi()), tandem.clock())
                    .run(new Migration.Request(flow, new GroupSelection(groups.named, Optional.ofNullable(groups.regex),
                            groups.all), dryRun, force, quietFor, timeout, compareWindow,
                            System.getProperty("user.name", "unknown")), progress);
            progress.finish();
            // Printed before it is recorded: what was moved must reach the operator even if the store fails.
            print(run, out);
            record(store, run);
        }
        if (report != null) {
            ReportFile.write(report, MigrationHtml.render(run));
        }
        if (run.result() == MigrationReport.Result.FAILED) {
            spec.commandLine().getErr().println("tandem: migration of flow " + run.flow() + " failed: "
                    + String.join("; ", run.failures()));
            spec.commandLine().getErr().flush();
        }
        return switch (run.result()) {
            case MIGRATED, DRY_RUN -> ExitCodes.OK;
            case TIMED_OUT, DIFFERENT -> ExitCodes.CHECK_FAILED;
            case REFUSED, PARTIAL -> ExitCodes.REFUSED;
            case FAILED -> ExitCodes.of(run.failedAs().orElse(dev.tandem.failures.ExitCategory.INTERNAL));
        };
    }

    private void print(MigrationReport run, PrintWriter out) {
        if (output == OutputFormat.json) {
            out.println(MigrationJson.json(run, true));
        } else {
            MigrationText.print(run, out);
        }
        out.flush();
    }

    private static void record(TandemStore store, MigrationReport run) {
        try {
            new MigrationRepository(store.jdbi()).save(new MigrationRepository.Run(run.runId(), run.flow(),
                    run.operator(), run.startedAt(), run.finishedAt(), run.dryRun(), run.result().wireName(),
                    String.join(",", run.groups()), run.comparison().map(c -> c.compared()).orElse(0L),
                    String.join("\n", run.failures()), MigrationJson.json(run, false)));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(MigrateCommand.class).warn("recording migration {} in the store failed: {}",
                    run.runId(), e.getMessage());
        }
    }
}
