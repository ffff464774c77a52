package dev.tandem.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency under steady load: a producer writes {@code rate} records per second to a
 * source topic on east for {@code duration} while a copier runs; a read_committed reader of the
 * replica on west takes each record's arrival time minus its source timestamp (the copy keeps the
 * source's CreateTime). Both clients live in the benchmark's JVM, on the same clock.
 */
final class SteadyLatency {

    /** @param worstSeconds the seconds of the stream (from its first record) whose records waited longest, worst first */
    record Figures(long records, long p50, long p99, long max, List<String> worstSeconds) {
        String describe() {
            return String.format("%,d records: p50 %d ms, p99 %d ms, max %d ms; worst seconds %s", records, p50, p99,
                    max, worstSeconds);
        }
    }

    private SteadyLatency() {
    }

    static Figures measure(Clusters clusters, String sourceTopic, String replica, int rate, Duration duration)
            throws Exception {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.west(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = awaitPartitions(reader, replica);
            reader.assign(partitions);
            reader.seekToEnd(partitions);
            partitions.forEach(reader::position);
            long total = rate * duration.toSeconds();
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> write(clusters, sourceTopic, rate, total, failure), "steady-writer");
            writer.start();
            long[] latencies = new long[(int) total];
            long[] sent = new long[(int) total];
            int seen = 0;
            long deadline = System.nanoTime() + duration.plusSeconds(60).toNanos();
            while (seen < total && System.nanoTime() < deadline && failure.get() == null) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    if (seen < total) {
                        sent[seen] = record.timestamp();
                        latencies[seen++] = now - record.timestamp();
                    }
                }
            }
            writer.join();
            if (failure.get() != null) {
                throw failure.get();
            }
            if (seen < total) {
                throw new IllegalStateException(replica + ": only " + seen + " of " + total + " records arrived");
            }
            long[] sorted = Arrays.copyOf(latencies, seen);
            Arrays.sort(sorted);
            return new Figures(seen, sorted[seen / 2], sorted[(int) Math.min(seen - 1, Math.ceil(seen * 0.99) - 1)],
                    sorted[seen - 1], worstSeconds(sent, latencies, seen));
        }
    }

    /** The five seconds of the stream (by source timestamp) with the longest waits: "+12 s: 840 ms". */
    private static List<String> worstSeconds(long[] sent, long[] latencies, int seen) {
        long first = Long.MAX_VALUE;
        for (int i = 0; i < seen; i++) {
            first = Math.min(first, sent[i]);
        }
        Map<Long, Long> worst = new HashMap<>();
        for (int i = 0; i < seen; i++) {
            worst.merge((sent[i] - first) / 1000, latencies[i], Math::max);
        }
        return worst.entrySet().stream().sorted(Map.Entry.<Long, Long>comparingByValue().reversed()).limit(5)
                .map(e -> "+" + e.getKey() + " s: " + e.getValue() + " ms").toList();
    }

    private static List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> reader, String topic)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            var infos = reader.listTopics(Duration.ofSeconds(5)).get(topic);
            if (infos != null && infos.size() == ReplicationBenchmark.PARTITIONS) {
                return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException(topic + " did not appear on west within 60 s");
    }

    /** {@code total} records at {@code rate} per second, paced in 10 ms steps. */
    private static void write(Clusters clusters, String topic, int rate, long total, AtomicReference<Exception> failure) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.east());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            byte[] value = new byte[ReplicationBenchmark.RECORD_BYTES];
            for (long i = 0; i < total && failure.get() == null; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                producer.send(new ProducerRecord<>(topic, (int) (i % ReplicationBenchmark.PARTITIONS), null, value),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }
}
