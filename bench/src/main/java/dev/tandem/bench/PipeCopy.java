package dev.tandem.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The ceiling: a plain consumer on east feeding a plain producer to west, same partition, acks=all. */
final class PipeCopy {

    private final Clusters clusters;

    PipeCopy(Clusters clusters) {
        this.clusters = clusters;
    }

    Result run(String topic, String targetTopic, int records) throws Exception {
        clusters.createTopic(clusters.west(), targetTopic, ReplicationBenchmark.PARTITIONS);
        Map<String, Object> consumerConfig = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.east(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        Map<String, Object> producerConfig = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.west(),
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.ACKS_CONFIG, "all"));
        long start = System.nanoTime();
        long first = -1;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < ReplicationBenchmark.PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long copied = 0;
            while (copied < records) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    producer.send(new ProducerRecord<>(targetTopic, r.partition(), r.timestamp(), r.key(), r.value()));
                    copied++;
                    if (first < 0) {
                        first = System.nanoTime();
                    }
                }
            }
            producer.flush();
        }
        long end = System.nanoTime();
        return new Result("plain consumer -> producer (ceiling)", records, Duration.ofNanos(first - start),
                Duration.ofNanos(end - start), OptionalLong.empty(), java.util.OptionalDouble.empty());
    }
}
