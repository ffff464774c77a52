package dev.tandem.it.support;

import static org.awaitility.Awaitility.await;

import dev.tandem.it.clusters.TestTopics;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Source topics with gaps in their offsets: written by transactions (markers, aborts), or compacted. */
public final class SourceTopics {

    private static final KafkaClients CLIENTS = new DefaultKafkaClients("tandem-it-writer");

    private SourceTopics() {
    }

    /**
     * A one-partition topic written by 12 transactions of 1-4 records, every third one aborted.
     * A transaction's first write to a partition created a moment before was seen refused once in a
     * full run ({@code InvalidTxnStateException}: the partition leader had not yet verified the
     * transaction, KIP-890); the topic is then deleted, made again and written again, at most three
     * times, so that it always holds exactly this pattern.
     */
    public static void transactional(ClusterSpec cluster, String topic) throws Exception {
        TopicData.create(cluster, topic, 1, Map.of());
        for (int attempt = 1; ; attempt++) {
            try {
                writeTransactions(cluster, topic);
                return;
            } catch (KafkaException e) {
                if (attempt == 3) {
                    throw e;
                }
                try (Admin admin = CLIENTS.admin(cluster)) {
                    admin.deleteTopics(List.of(topic)).all().get();
                    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                            .until(() -> !admin.listTopics().names().get().contains(topic));
                }
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    TopicData.create(cluster, topic, 1, Map.of());
                    return true;
                });
            }
        }
    }

    private static void writeTransactions(ClusterSpec cluster, String topic) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestTopics.randomName("txn-producer"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> producer.partitionsFor(topic).get(0).leader() != null);
            producer.initTransactions();
            int n = 0;
            for (int txn = 0; txn < 12; txn++) {
                producer.beginTransaction();
                for (int i = 0; i < 1 + txn % 4; i++, n++) {
                    producer.send(new ProducerRecord<>(topic, 0, bytes("k" + n), bytes("v" + n)));
                }
                if (txn % 3 == 2) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
    }

    /** A one-partition compacted topic, written (7 keys over and over) until the cleaner has left holes. */
    public static void compacted(ClusterSpec cluster, String topic) throws Exception {
        TopicData.create(cluster, topic, 1, Map.of("cleanup.policy", "compact", "segment.ms", "100",
                "min.cleanable.dirty.ratio", "0.01", "min.compaction.lag.ms", "0", "delete.retention.ms", "100"));
        long[] sent = {0};
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(cluster, Map.of())) {
            // Keep writing (segments roll only on new writes) until the cleaner has left holes.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
                for (int i = 0; i < 20; i++, sent[0]++) {
                    producer.send(new ProducerRecord<>(topic, 0, bytes("k" + (sent[0] % 7)), bytes("v" + sent[0])));
                }
                producer.flush();
                return TopicData.readAll(cluster, topic, 0).size() < sent[0] - 20;
            });
        }
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
