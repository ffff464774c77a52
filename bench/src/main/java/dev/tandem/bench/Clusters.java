package dev.tandem.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The two benchmark clusters and the admin calls the benchmark needs. */
record Clusters(String east, String west) {

    void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    void preload(String topic, int records, int bytes) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, east);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] value = new byte[bytes];
            for (int i = 0; i < records; i++) {
                value[i % bytes] = (byte) i;
                producer.send(new ProducerRecord<>(topic, i % ReplicationBenchmark.PARTITIONS, null, value.clone()));
            }
            producer.flush();
        }
    }

    /** Sum of the end offsets of a topic, 0 while it does not exist. */
    long count(Admin admin, String topic) {
        try {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            return 0;
        }
    }
}
