package dev.tandem.cli.startup;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.replicator.copy.TransactionalProducers;
import dev.tandem.store.TandemStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tandem class-archive-training} (hidden): what the build runs once, with
 * {@code -XX:ArchiveClassesAtExit}, to write {@code failover-cli/target/tandem.jsa}, the class data
 * sharing archive {@code bin/tandem} starts the JVM with. It loads what every start of
 * {@code replicate} loads before its first record, without a cluster: a playbook, the store with its
 * migrations (in memory), the metrics registry and the Kafka clients (built and closed, never
 * connected). The JVM then maps those classes instead of loading them: about 0.5 s less to the
 * first record on a 2-core machine.
 */
@Command(name = "class-archive-training", hidden = true,
        description = "Load the classes a start needs, for the build's class data sharing archive.")
public final class ClassArchiveTrainingCommand implements Callable<Integer> {

    private static final String PLAYBOOK = "/playbooks/sandbox.yaml";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Playbook playbook = TandemCommand.of(spec).playbookLoader().parse(resource(PLAYBOOK), "playbooks/sandbox.yaml");
        try (TandemStore store = TandemStore.open(new StoreSpec("jdbc:h2:mem:class-archive-training", Optional.empty(),
                Optional.empty()))) {
            // a flow's first save (sync points, progress, the claim): about a second of class loading otherwise
            java.time.Instant now = java.time.Instant.now();
            new dev.tandem.store.SyncPointRepository(store.jdbi()).record("training", topic -> "training." + topic,
                    dev.tandem.store.Owner.member("training-member", java.util.Set.of(
                            new dev.tandem.client.Partition("training", 0))),
                    java.util.List.of(new dev.tandem.offsets.SyncPoint("training", 0, 0, 0, now, false)),
                    java.util.List.of(new dev.tandem.store.SyncPointRepository.Progress("training", 0, 1, 1, now)), now);
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).close();
        }
        ClusterSpec nowhere = new ClusterSpec("training", "127.0.0.1:9", Map.of());
        DefaultKafkaClients clients = new DefaultKafkaClients("tandem-class-archive-training");
        clients.admin(nowhere).close(Duration.ZERO);
        clients.consumer(nowhere, Map.of(ConsumerConfig.GROUP_ID_CONFIG, "training")).close(Duration.ZERO);
        clients.producer(nowhere, Map.of()).close(Duration.ZERO);
        TransactionalProducers.on(clients, nowhere).open("tandem.training:training-0").close(Duration.ZERO);
        spec.commandLine().getOut().println("loaded the classes of a start (" + playbook.flows().size()
                + " flows of the sandbox playbook)");
        return ExitCodes.OK;
    }

    private static String resource(String name) {
        try (InputStream in = ClassArchiveTrainingCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
