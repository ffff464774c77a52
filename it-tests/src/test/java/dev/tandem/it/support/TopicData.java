package dev.tandem.it.support;

import static org.awaitility.Awaitility.await;

import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.playbook.ClusterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads whole topics and their end offsets, for comparing a source with its replica. */
public final class TopicData {

    private static final KafkaClients CLIENTS = new DefaultKafkaClients("tandem-it-reader");

    private TopicData() {
    }

    public static void create(ClusterSpec cluster, String topic, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = CLIENTS.admin(cluster)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)
                    .configs(configs))).all().get(30, TimeUnit.SECONDS);
        }
    }

    public static Map<TopicPartition, Long> endOffsets(ClusterSpec cluster, String topic) {
        try (Admin admin = CLIENTS.admin(cluster)) {
            return TopicOffsets.endOffsets(admin, cluster.alias(), topic);
        }
    }

    /** Offsets in the topic, 0 while it does not exist. */
    public static long count(ClusterSpec cluster, String topic) {
        try (Admin admin = CLIENTS.admin(cluster)) {
            return TopicOffsets.endOffsetSum(admin, cluster.alias(), topic);
        }
    }

    /**
     * Every record of the topic, read until {@code distinctKeys} different keys have arrived and
     * the end is reached: a copy with duplicates (at-least-once) is complete only by its keys.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readUntilKeys(ClusterSpec cluster, String topic, int distinctKeys)
            throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(cluster, Map.of())) {
            Map<TopicPartition, Long> ends = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> endOffsets(cluster, topic), e -> !e.isEmpty());
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(consumer.assignment());
            await().atMost(Duration.ofSeconds(180)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    records.add(r);
                    keys.add(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
                });
                Map<TopicPartition, Long> latest = consumer.endOffsets(consumer.assignment());
                return keys.size() >= distinctKeys
                        && latest.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return records;
    }

    /** Every record of the topic (read_committed), waiting until at least {@code atLeast} were read. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(ClusterSpec cluster, String topic, long atLeast) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(cluster,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            // the replicator creates replicas asynchronously: wait for the topic to exist
            Map<TopicPartition, Long> ends = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> endOffsets(cluster, topic), e -> !e.isEmpty());
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(consumer.assignment());
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                Map<TopicPartition, Long> latest = consumer.endOffsets(consumer.assignment());
                return records.size() >= atLeast
                        && latest.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return records;
    }
}
