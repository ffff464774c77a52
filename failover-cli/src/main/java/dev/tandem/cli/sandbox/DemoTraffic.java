package dev.tandem.cli.sandbox;

import static dev.tandem.kafka.KafkaCalls.await;

import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.verifier.canary.CanaryRound;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** The demo's traffic: a topic with records on the first flow's source, looked for on its target. */
final class DemoTraffic {

    static final String TOPIC = "orders";
    static final int RECORDS = 30;
    static final int PARTITIONS = 3;
    /** The demo's application: a consumer group on the source that has read part of the topic. */
    static final String GROUP = "demo-billing";
    static final int GROUP_READ = 4;

    private final KafkaClients clients;
    private final Playbook playbook;
    private final PrintWriter out;

    DemoTraffic(KafkaClients clients, Playbook playbook, PrintWriter out) {
        this.clients = clients;
        this.playbook = playbook;
        this.out = out;
    }

    void showSeparateClusters() {
        Flow flow = playbook.flows().get(0);
        ClusterSpec source = playbook.cluster(flow.source());
        ClusterSpec target = playbook.cluster(flow.target());
        try (Admin sourceAdmin = clients.admin(source); Admin targetAdmin = clients.admin(target)) {
            out.printf("%s is cluster %s; %s is cluster %s%n", source.alias(), clusterId(sourceAdmin, source),
                    target.alias(), clusterId(targetAdmin, target));
            createTopic(sourceAdmin, source);
            // The canary topic exists before the replicator starts, so its first topic listing includes it.
            KafkaCalls.createIfMissing(sourceAdmin, source.alias(), new NewTopic(playbook.verify().canaryTopic(),
                    java.util.Optional.of(CanaryRound.PARTITIONS), java.util.Optional.empty()));
            produce(source);
            out.printf("created topic %s on %s and wrote %d records to it%n", TOPIC, source.alias(), RECORDS);
            Set<String> targetTopics = await(targetAdmin.listTopics().names(), target.alias(), "list topics");
            out.printf("%s has %s; flow %s selects it: %s, and will copy it to %s as %s%n", target.alias(),
                    targetTopics.contains(TOPIC) ? "a topic " + TOPIC : "no topic " + TOPIC, flow.name(),
                    flow.topics().matches(TOPIC) ? "yes" : "no", target.alias(), flow.targetTopic(TOPIC));
            out.flush();
        }
    }

    /** A consumer of {@link #GROUP} reads the first records of partition 0 on the source and commits. */
    long consumeSome(Clock clock) {
        ClusterSpec source = playbook.cluster(playbook.flows().get(0).source());
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (Consumer<byte[], byte[]> consumer = clients.consumer(source, Map.of(ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, GROUP_READ))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            Instant deadline = clock.instant().plusSeconds(30);
            long next = -1;
            while (next < 0 && clock.instant().isBefore(deadline)) {
                List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(Duration.ofMillis(500)).records(tp);
                if (!records.isEmpty()) {
                    next = records.get(records.size() - 1).offset() + 1;
                }
            }
            if (next < 0) {
                throw new ClusterUnreachableException(source.alias(), "read " + TOPIC + " as group " + GROUP,
                        new java.util.concurrent.TimeoutException("no records within 30 s"));
            }
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(next)));
            out.printf("consumer group %s read %d records of %s on %s and committed offset %d%n", GROUP, next, tp,
                    source.alias(), next);
            out.flush();
            return next;
        }
    }

    private String clusterId(Admin admin, ClusterSpec cluster) {
        return await(admin.describeCluster().clusterId(), cluster.alias(), "describe cluster");
    }

    private void createTopic(Admin admin, ClusterSpec cluster) {
        KafkaCalls.createIfMissing(admin, cluster.alias(), new NewTopic(TOPIC, PARTITIONS, (short) 1));
    }

    private void produce(ClusterSpec cluster) {
        try (Producer<byte[], byte[]> producer = clients.producer(cluster, Map.of())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, bytes("order-" + i),
                        bytes("{\"order\":" + i + "}")));
            }
            producer.flush();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
