package dev.tandem.it.support;

import dev.tandem.it.clusters.TwoClusters;
import dev.tandem.it.clusters.TwoClustersExtension;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.store.TandemStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every replication test class shares: the two clusters, Kafka clients, a store of its own. */
@ExtendWith(TwoClustersExtension.class)
public abstract class ReplicationTestBase {

    protected static final KafkaClients CLIENTS = new DefaultKafkaClients("tandem-it");
    protected static final Path WORK = Path.of(System.getProperty("tandem.it.work", "target/it-work")).toAbsolutePath();
    protected static TwoClusters clusters;
    protected static TandemStore store;
    /** The JDBC URL of {@link #store}, for playbooks that CLI runs read. */
    protected static String storeUrl;

    @BeforeAll
    protected static void openStore(TwoClusters twoClusters) {
        clusters = twoClusters;
        storeUrl = "jdbc:h2:file:" + WORK.resolve("store-" + java.util.UUID.randomUUID());
        store = TandemStore.open(new dev.tandem.playbook.StoreSpec(storeUrl, java.util.Optional.empty(),
                java.util.Optional.empty()));
    }

    @AfterAll
    protected static void closeStore() {
        store.close();
    }

    protected static void produce(String topic, int from, int count) {
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(clusters.east().spec(),
                // One request in flight: under a starved CPU a request can time out after the broker appended it, and
                // its retry must stay within the broker's window of duplicates it recognises (the last five batches),
                // or it is refused as out of order (seen in the full suite on 2 cores).
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1))) {
            byte[] value = new byte[100];
            java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
            for (int i = from; i < from + count && failed.get() == null; i++) {
                producer.send(new ProducerRecord<>(topic, ("key-" + i).getBytes(StandardCharsets.UTF_8), value),
                        (metadata, e) -> {
                            if (e != null) {
                                failed.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
            if (failed.get() != null) {
                throw new IllegalStateException("the test's own producer failed to write to east", failed.get());
            }
        }
    }

    /** A playbook with one flow east -> west of {@code topic}, its store a file of its own. */
    protected static Path writePlaybook(String flow, String topic) throws IOException {
        return writePlaybook(flow, topic, "");
    }

    /** As {@link #writePlaybook(String, String)}, with more keys of the flow ({@code "delivery: exactly-once"}). */
    protected static Path writePlaybook(String flow, String topic, String flowKeys) throws IOException {
        return writePlaybook(flow, topic, flowKeys, "jdbc:h2:file:" + WORK.resolve(flow + "-store"));
    }

    /** As {@link #writePlaybook(String, String, String)}, with the store at {@code jdbcUrl}. */
    protected static Path writePlaybook(String flow, String topic, String flowKeys, String jdbcUrl) throws IOException {
        Path playbook = WORK.resolve(flow + ".yaml");
        Files.createDirectories(WORK);
        Files.writeString(playbook, """
                clusters:
                  east: %s
                  west: %s
                store: { jdbc-url: "%s" }
                flows:
                  - name: %s
                    source: east
                    target: west
                    topics: { include: ["%s"] }
                    topic-refresh: 1s
                    %s
                """.formatted(clusters.east().playbookEntry(), clusters.west().playbookEntry(), jdbcUrl, flow, topic,
                flowKeys));
        return playbook;
    }

    /** Partitions per member of the flow's consumer group on the source, sorted. */
    protected static java.util.List<Integer> membersWithPartitions(String flow) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = CLIENTS.admin(clusters.east().spec())) {
            String group = "tandem.replicator." + flow;
            return admin.describeConsumerGroups(java.util.List.of(group)).all()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS).get(group).members().stream()
                    .map(m -> m.assignment().topicPartitions().size()).sorted().toList();
        }
    }

    /** {@code tandem replicate PLAYBOOK} in a child JVM, its output in a log file named after it. */
    protected static Process startReplicatorProcess(Path playbook, String name) throws IOException {
        return TandemProcess.start(WORK.resolve(playbook.getFileName() + "." + name + ".log"), "replicate",
                playbook.toString());
    }
}
