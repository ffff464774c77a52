package dev.tandem.cli;

import dev.tandem.cli.acls.AclsCommand;
import dev.tandem.cli.checkpoints.CheckpointsCommand;
import dev.tandem.cli.compare.CompareCommand;
import dev.tandem.cli.migrate.MigrateCommand;
import dev.tandem.cli.drill.DrillCommand;
import dev.tandem.cli.failover.FailbackCommand;
import dev.tandem.cli.failover.FailoverCommand;
import dev.tandem.cli.mirrormaker2.ImportCommand;
import dev.tandem.cli.playbook.ValidateCommand;
import dev.tandem.cli.replicate.ReplicateCommand;
import dev.tandem.cli.sandbox.DemoCommand;
import dev.tandem.cli.sandbox.SandboxCommand;
import dev.tandem.cli.status.StatusCommand;
import dev.tandem.cli.startup.ClassArchiveTrainingCommand;
import dev.tandem.cli.verify.VerifyCommand;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.load.PlaybookLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The root {@code tandem} command: global options and the list of subcommands. */
@Command(name = "tandem",
        mixinStandardHelpOptions = true,
        versionProvider = TandemVersion.class,
        description = "Disaster recovery for Apache Kafka: replication, verified checkpoints, failover.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0   ok",
            "  1   a check failed, or replication stopped on an error it cannot get past",
            "  2   usage error, or missing local setup",
            "  3   invalid playbook",
            "  4   refused by a safety check",
            "  5   cluster or store unreachable, or not authorized",
            "  70  internal error (rerun with -v)"},
        subcommands = {
            ValidateCommand.class,
            ReplicateCommand.class,
            CheckpointsCommand.class,
            VerifyCommand.class,
            CompareCommand.class,
            FailoverCommand.class,
            FailbackCommand.class,
            MigrateCommand.class,
            AclsCommand.class,
            StatusCommand.class,
            DrillCommand.class,
            SandboxCommand.class,
            DemoCommand.class,
            ImportCommand.class,
            ClassArchiveTrainingCommand.class,
            AutoComplete.GenerateCompletion.class,
            CommandLine.HelpCommand.class})
public final class TandemCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    private final UnaryOperator<String> environment;
    private final Clock clock;
    private boolean verbose;

    /**
     * @param environment environment variables for ${env:NAME} in playbooks (System::getenv in production)
     * @param clock       the time every command reads (ages, timestamps)
     */
    public TandemCommand(UnaryOperator<String> environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /** The environment variables playbooks' ${env:NAME} read. */
    public UnaryOperator<String> environment() {
        return environment;
    }

    /** The root command of the command line that {@code spec} belongs to. */
    public static TandemCommand of(CommandSpec spec) {
        return (TandemCommand) spec.root().userObject();
    }

    /** Reads a playbook, resolving ${env:NAME} from this command's environment. */
    public Playbook loadPlaybook(Path file) {
        return playbookLoader().load(file);
    }

    /** The playbook's flow of this name; a usage error listing the flows when there is none. */
    public Flow flow(Playbook playbook, String name, Path file) {
        return playbook.flow(name).orElseThrow(() -> new UsageException("no flow '" + name + "' in " + file
                + " (flows: " + String.join(", ", playbook.flows().stream().map(Flow::name).toList()) + ")"));
    }

    public PlaybookLoader playbookLoader() {
        return playbookLoader(environment);
    }

    /** A playbook loader whose ${env:NAME} reads {@code environment} instead of this command's. */
    public PlaybookLoader playbookLoader(UnaryOperator<String> environment) {
        return new PlaybookLoader(environment, new dev.tandem.drills.QuartzCron());
    }

    /** How logs are written: for people (the default) or one JSON object per line for log shippers. */
    public enum LogFormat { human, json }

    @Option(names = "--log-format", paramLabel = "FORMAT", scope = ScopeType.INHERIT, defaultValue = "human",
            description = "human (default: time, level, logger, message) or json (one JSON object per line on stderr,"
                    + " for log shippers).")
    private LogFormat logFormat;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log what Tandem does, and print stack traces of errors.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    public boolean verbose() {
        return verbose;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
