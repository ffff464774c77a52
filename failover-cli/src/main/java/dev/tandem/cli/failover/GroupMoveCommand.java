package dev.tandem.cli.failover;

import dev.tandem.checkpoints.TopicCheckpointSource;
import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.client.CheckpointSource;
import dev.tandem.failover.CheckpointOrigin;
import dev.tandem.failover.Direction;
import dev.tandem.failover.Failover;
import dev.tandem.failover.FailoverRun;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.mirrormaker2.checkpoints.Mm2CheckpointsTopic;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.FailoverRepository;
import dev.tandem.store.StoreException;
import dev.tandem.store.TandemStore;
import java.io.PrintWriter;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Runs a failover or failback of one flow's groups and prints it; shared by both commands. */
final class GroupMoveCommand {

    private GroupMoveCommand() {
    }

    /** Where a command's checkpoints come from, given the open store (absent with --from-target when it is lost). */
    interface Checkpoints {
        CheckpointSource open(KafkaClients clients, Optional<TandemStore> store);
    }

    /** The checkpoints of {@code flow}: from the store, or with --from-target from the topic on its target. */
    static Checkpoints ofFlow(TandemCommand tandem, Playbook playbook, Flow flow, MoveOptions options) {
        return (clients, store) -> options.fromTarget
                ? new TopicCheckpointSource(clients, playbook.cluster(flow.target()), tandem.clock())
                : new CheckpointRepository(store.orElseThrow().jdbi());
    }

    /**
     * @param flow the flow whose source the groups leave and whose target they move to
     */
    static int run(TandemCommand tandem, Playbook playbook, Flow flow, Direction direction, MoveOptions options,
                   boolean byTimestamp, Checkpoints source, PrintWriter out) {
        KafkaClients clients = new DefaultKafkaClients("tandem-" + direction.wireName());
        Optional<TandemStore> store = openStore(playbook, options.fromTarget);
        try {
            CheckpointSource checkpoints = source.open(clients, store);
            CheckpointOrigin origin = options.fromTarget
                    ? new CheckpointOrigin.CheckpointTopic(flow.target()) : CheckpointOrigin.STORE;
            Optional<CheckpointSource> mirrorMaker2 = Optional.empty();
            if (options.fromMirrorMaker2) {
                mirrorMaker2 = Optional.of(new Mm2CheckpointsTopic(clients, playbook.cluster(flow.target()), flow,
                        tandem.clock()));
                origin = new CheckpointOrigin.WithMirrorMaker2(origin, Mm2CheckpointsTopic.topic(flow), flow.target());
            }
            FailoverRun run = new Failover(playbook, clients, checkpoints, mirrorMaker2, tandem.clock()).run(
                    new Failover.Request(direction, flow, options.selection(), options.dryRun, options.force, byTimestamp,
                            System.getProperty("user.name", "unknown"), origin));
            // Printed before it is recorded: what was moved must reach the operator even if the store fails.
            if (options.output == OutputFormat.json) {
                out.println(FailoverReport.json(run, true));
            } else {
                FailoverReport.printText(run, out);
            }
            out.flush();
            store.ifPresent(s -> record(s, run, direction, flow));
            return run.refused() ? ExitCodes.REFUSED : ExitCodes.OK;
        } finally {
            store.ifPresent(TandemStore::close);
        }
    }

    private static void record(TandemStore store, FailoverRun run, Direction direction, Flow flow) {
        try {
            new FailoverRepository(store.jdbi()).save(new FailoverRepository.Run(run.runId(), direction.wireName(),
                    flow.name(), run.operator(), run.plan().plannedAt(), run.dryRun(), run.result().wireName(),
                    FailoverReport.json(run, false)));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(GroupMoveCommand.class).warn("recording {} {} in the store failed: {}",
                    direction.wireName(), run.runId(), e.getMessage());
        }
    }

    /** The store; with --from-target a store that cannot be opened only means the run is not recorded. */
    private static Optional<TandemStore> openStore(Playbook playbook, boolean fromTarget) {
        try {
            return Optional.of(TandemStore.open(playbook.store()));
        } catch (StoreException e) {
            if (!fromTarget) {
                throw e;
            }
            LoggerFactory.getLogger(GroupMoveCommand.class).warn("{}; this run is not recorded", e.getMessage());
            return Optional.empty();
        }
    }
}
