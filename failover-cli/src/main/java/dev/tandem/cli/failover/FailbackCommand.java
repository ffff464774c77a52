package dev.tandem.cli.failover;

import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.UsageException;
import dev.tandem.failover.Direction;
import dev.tandem.failover.FailbackCheckpoints;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.TandemStore;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tandem failback PLAYBOOK --flow F ...}: after a failover along flow F, moves the groups
 * home from F's target to F's source, once the reverse flow has been replicating back.
 */
@Command(name = "failback", description = {
    "Move consumer groups home after a failover: from the flow's target back to its source, at the records they"
        + " would read next, using both directions' sync points (the playbook needs the reverse flow). Same preflight,"
        + " plan, --dry-run and compare-and-set as failover."})
public final class FailbackCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MoveOptions options;

    @Override
    public Integer call() {
        TandemCommand tandem = TandemCommand.of(spec);
        Playbook playbook = tandem.loadPlaybook(options.playbookFile);
        Flow forward = tandem.flow(playbook, options.flowName, options.playbookFile);
        Flow reverse = playbook.reverseOf(forward).orElseThrow(() -> new UsageException("flow " + forward.name()
                + " has no reverse flow (" + forward.target() + " -> " + forward.source() + ") in " + options.playbookFile
                + "; failback needs one, replicating back what was written on " + forward.target()));
        if (options.fromTarget) {
            throw new UsageException("failback reads both flows' sync points from the store; --from-target is for failover");
        }
        if (options.fromMirrorMaker2) {
            throw new UsageException("failback moves groups by Tandem's sync points of both flows; --from-mm2 is for"
                    + " failover");
        }
        Flow home = forward.backwards();
        Admin[] away = new Admin[1];
        try {
            return GroupMoveCommand.run(tandem, playbook, home, Direction.FAILBACK, options, false, (clients, store) -> {
                TandemStore open = store.orElseThrow();
                away[0] = clients.admin(playbook.cluster(forward.target()));
                return new FailbackCheckpoints(forward, reverse, new SyncPointRepository(open.jdbi()),
                        new CheckpointRepository(open.jdbi()), new ConsumerGroups(away[0], forward.target()), tandem.clock(),
                        options.force);
            }, spec.commandLine().getOut());
        } finally {
            if (away[0] != null) {
                away[0].close();
            }
        }
    }
}
