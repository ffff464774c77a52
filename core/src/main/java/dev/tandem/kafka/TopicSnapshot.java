package dev.tandem.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads a topic from its first record up to given end offsets: a snapshot of what it held when
 * the ends were taken (a compacted topic's latest value per key, read by the caller's handler).
 */
public final class TopicSnapshot {

    private TopicSnapshot() {
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
