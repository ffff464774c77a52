package dev.tandem.cli.failover;

import dev.tandem.cli.TandemCommand;
import dev.tandem.failover.Direction;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem failover PLAYBOOK --flow F ...}: moves consumer groups to the flow's target, source not needed. */
@Command(name = "failover", description = {
    "Move consumer groups to the flow's target cluster from the stored checkpoints, with the source cluster"
        + " unreachable: preflight, plan, then commit with compare-and-set. Exit 4 when refused (nothing changed)."})
public final class FailoverCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MoveOptions options;

    @Option(names = "--by-timestamp", description = "Move partitions whose checkpoint has no translated position (no"
            + " sync point covers the group's offset) to the first record written at or after the group's last commit"
            + " as Tandem saw it. Approximate, and flagged so in the plan.")
    private boolean byTimestamp;

    @Override
    public Integer call() {
        TandemCommand tandem = TandemCommand.of(spec);
        Playbook playbook = tandem.loadPlaybook(options.playbookFile);
        Flow flow = tandem.flow(playbook, options.flowName, options.playbookFile);
        return GroupMoveCommand.run(tandem, playbook, flow, Direction.FAILOVER, options, byTimestamp,
                GroupMoveCommand.ofFlow(tandem, playbook, flow, options), spec.commandLine().getOut());
    }
}
