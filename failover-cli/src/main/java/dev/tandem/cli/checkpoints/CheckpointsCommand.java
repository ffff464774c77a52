package dev.tandem.cli.checkpoints;

import dev.tandem.checkpoints.TopicCheckpointSource;
import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointSource;
import dev.tandem.failover.CheckpointOrigin;
import dev.tandem.failover.Mm2CheckpointChoice;
import dev.tandem.kafka.ClusterContact;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.mirrormaker2.checkpoints.Mm2CheckpointsTopic;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.TandemStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tandem checkpoints PLAYBOOK --flow F}: the latest checkpoint of each group and partition,
 * from the store or (with {@code --from-target}) from the target cluster. Never needs the source.
 */
@Command(name = "checkpoints", description = {
    "List the latest checkpoint of each consumer group and partition of a flow: where the group would resume"
        + " on the target, its kind and its age. Works with the source cluster down."})
public final class CheckpointsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Option(names = "--flow", paramLabel = "NAME", required = true, description = "The flow whose checkpoints to list.")
    private String flowName;

    @Option(names = "--group", paramLabel = "GROUP", description = "Only this consumer group.")
    private String group;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema in the README).")
    private OutputFormat output;

    @Option(names = "--from-target", description = "Read Tandem's checkpoint topic on the flow's target cluster"
            + " instead of the store (for when the store's host is lost too).")
    private boolean fromTarget;

    @Option(names = "--from-mm2", description = "Also read MirrorMaker 2's checkpoints (its <source>.checkpoints.internal"
            + " topic on the flow's target): listed where Tandem has no exact checkpoint, kind mm2, as failover"
            + " --from-mm2 uses them.")
    private boolean fromMirrorMaker2;

    @Override
    public Integer call() {
        TandemCommand tandem = TandemCommand.of(spec);
        Clock clock = tandem.clock();
        Playbook playbook = tandem.loadPlaybook(playbookFile);
        Flow flow = tandem.flow(playbook, flowName, playbookFile);
        List<Checkpoint> checkpoints;
        CheckpointOrigin from;
        // The target is contacted (and its failures told) once, for Tandem's topic and MirrorMaker 2's alike.
        DefaultKafkaClients clients = new DefaultKafkaClients("tandem-checkpoints");
        if (fromTarget || fromMirrorMaker2) {
            ClusterContact.clusterId(clients, playbook.cluster(flow.target()));
        }
        if (fromTarget) {
            from = new CheckpointOrigin.CheckpointTopic(flow.target());
            checkpoints = new TopicCheckpointSource(clients, playbook.cluster(flow.target()), clock)
                    .latest(flow.name(), Optional.ofNullable(group));
        } else {
            from = CheckpointOrigin.STORE;
            try (TandemStore store = TandemStore.open(playbook.store())) {
                CheckpointSource source = new CheckpointRepository(store.jdbi());
                checkpoints = source.latest(flow.name(), Optional.ofNullable(group));
            }
        }
        if (fromMirrorMaker2) {
            List<Checkpoint> mm2 = new Mm2CheckpointsTopic(clients, playbook.cluster(flow.target()), flow, clock)
                    .latest(flow.name(), Optional.ofNullable(group));
            checkpoints = Mm2CheckpointChoice.choose(checkpoints, mm2).checkpoints();
            from = new CheckpointOrigin.WithMirrorMaker2(from, Mm2CheckpointsTopic.topic(flow), flow.target());
        }
        CheckpointListing listing = new CheckpointListing(flow, from, Optional.ofNullable(group), checkpoints, clock.instant());
        if (output == OutputFormat.json) {
            listing.printJson(spec.commandLine().getOut());
        } else {
            listing.printText(spec.commandLine().getOut());
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
