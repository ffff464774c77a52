package dev.tandem.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.tandem.kafka.TopicOffsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The two benchmark clusters and the admin calls the benchmark needs. */
record Clusters(String east, String west) {

    void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            // Producing before every partition has a leader makes the first batches fail.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic).partitions()
                    .stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions of " + topic + " without leader after 60 s");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    void preload(String topic, int records, int bytes) {
        preload(topic, ReplicationBenchmark.PARTITIONS, records, bytes);
    }

    /** Writes {@code records} records of {@code bytes} bytes round-robin over {@code partitions} partitions of east. */
    void preload(String topic, int partitions, int records, int bytes) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, east);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] value = new byte[bytes];
            java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
            for (int i = 0; i < records; i++) {
                value[i % bytes] = (byte) i;
                producer.send(new ProducerRecord<>(topic, i % partitions, null, value.clone()), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("preloading " + topic + " failed: " + failure.get().getMessage(),
                        failure.get());
            }
        }
    }

    /** Sum of the end offsets of a topic on west, 0 while it does not exist. */
    long count(Admin admin, String topic) {
        return TopicOffsets.endOffsetSum(admin, "west", topic);
    }
}
