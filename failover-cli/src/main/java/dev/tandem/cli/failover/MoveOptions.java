package dev.tandem.cli.failover;

import dev.tandem.cli.output.OutputFormat;
import dev.tandem.failover.GroupSelection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code tandem failover} and {@code tandem failback} share: the playbook, the flow, the groups, the switches. */
final class MoveOptions {

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    Path playbookFile;

    @Option(names = "--flow", paramLabel = "NAME", required = true, description = "The flow (source -> target).")
    String flowName;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Groups groups;

    static final class Groups {
        @Option(names = "--group", paramLabel = "GROUP", description = "A consumer group to move (repeatable).")
        List<String> named = new ArrayList<>();

        @Option(names = "--groups-regex", paramLabel = "REGEX",
                description = "Every checkpointed group whose whole name matches this Java regex.")
        Pattern regex;

        @Option(names = "--all-groups", description = "Every group the flow has checkpoints of.")
        boolean all;
    }

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Move groups despite active members (they are removed), old checkpoints,"
            + " or partitions without a position (left as they are).")
    boolean force;

    @Option(names = "--from-target", description = "Read the checkpoints from Tandem's checkpoint topic on the cluster"
            + " the groups move to, instead of the store (for when the store's host is lost too).")
    boolean fromTarget;

    @Option(names = "--from-mm2", description = "Also read MirrorMaker 2's checkpoints (its <source>.checkpoints.internal"
            + " topic on the cluster the groups move to), for groups and partitions Tandem has no exact checkpoint of:"
            + " kind mm2, which may re-read records, never skips.")
    boolean fromMirrorMaker2;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema in the README).")
    OutputFormat output;

    GroupSelection selection() {
        return new GroupSelection(groups.named, Optional.ofNullable(groups.regex), groups.all);
    }
}
