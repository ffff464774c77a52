package dev.tandem.kafka;

import dev.tandem.playbook.ClusterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads a topic from its first record up to given end offsets: a snapshot of what it held when
 * the ends were taken (a compacted topic's latest value per key, read by the caller's handler).
 */
public final class TopicSnapshot {

    private TopicSnapshot() {
    }

    /**
     * Reads {@code topic} on {@code cluster} to its read_committed end as it is now, handing every
     * record to {@code handler}; false when the topic does not exist. Not reading to the end within
     * {@code timeout} is the cluster being unreachable; a refused read is told as not authorized.
     */
    public static boolean read(KafkaClients clients, ClusterSpec cluster, String topic, Duration timeout, Clock clock,
                               java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        Map<TopicPartition, Long> ends;
        try (Admin admin = clients.admin(cluster)) {
            ends = TopicOffsets.committedEndOffsets(admin, cluster.alias(), topic);
        }
        if (ends.isEmpty()) {
            return false;
        }
        try (Consumer<byte[], byte[]> consumer = clients.consumer(cluster, Map.of())) {
            read(consumer, ends, timeout, clock, handler);
        } catch (TimeoutException e) {
            throw new ClusterUnreachableException(cluster.alias(), "read " + topic, e);
        } catch (AuthorizationException e) {
            throw KafkaCalls.failed(e, cluster.alias(), "read " + topic);
        }
        return true;
    }

    /** Hands every record before {@code ends} to {@code handler}; throws Kafka's TimeoutException past {@code timeout}. */
    public static void read(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends, Duration timeout,
                            Clock clock, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        consumer.assign(ends.keySet());
        consumer.seekToBeginning(ends.keySet());
        Instant deadline = clock.instant().plus(timeout);
        while (!ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            if (clock.instant().isAfter(deadline)) {
                throw new TimeoutException("not read to its end within " + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    handler.accept(record);
                }
            }
        }
    }
}
