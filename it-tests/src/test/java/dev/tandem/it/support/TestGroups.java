package dev.tandem.it.support;

import static org.awaitility.Awaitility.await;

import dev.tandem.it.clusters.TwoClusters;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Records on east and consumer groups that read part of them, for checkpoint and failover tests. */
public final class TestGroups {

    private static final KafkaClients CLIENTS = new DefaultKafkaClients("tandem-it-groups");

    private TestGroups() {
    }

    /** Records with a key, a value and a header, spread round-robin over the partitions. */
    public static void produce(TwoClusters clusters, String topic, int partitions, int records) {
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(clusters.east().spec(), Map.of())) {
            for (int i = 0; i < records; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("n", SourceTopics.bytes(String.valueOf(i)));
                producer.send(new ProducerRecord<>(topic, i % partitions, null, SourceTopics.bytes("k" + i),
                        SourceTopics.bytes("v" + i + "-" + topic), headers));
            }
            producer.flush();
        }
    }
    /** A consumer of {@code group} reads {@code records} committed records of one partition and commits; returns the offset. */
    public static long consumeAndCommit(TwoClusters clusters, String group, TopicPartition tp, int records) {
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(clusters.east().spec(), Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long[] next = {records == 0 ? 0 : -1};
            int[] read = {0};
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (read[0] < records) {
                        read[0]++;
                        next[0] = record.offset() + 1;
                    }
                }
                return read[0] == records;
            });
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(next[0])));
            return next[0];
        }
    }
    public static Map<TopicPartition, OffsetAndMetadata> committedOn(ClusterSpec cluster, String group) throws Exception {
        try (Admin admin = CLIENTS.admin(cluster)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Reads a topic as {@code group}, from its committed offsets (none: an error), until
     * {@code expected} records came and half a second more, without committing: the values read,
     * so that a record read again shows as one too many.
     */
    public static List<String> readAs(ClusterSpec cluster, String group, String topic, int expected) {
        List<String> values = new java.util.ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(cluster, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(value(r)));
                return values.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(value(r)));
        }
        return values;
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
