package dev.tandem.kafka;

import dev.tandem.playbook.ClusterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads single records of a partition, for checks that look at one record. */
public final class TopicRecords {

    private TopicRecords() {
    }

    /**
     * The first record of {@code tp} at or after {@code offset} (offsets can have gaps), or empty
     * when none arrives within {@code timeout}.
     */
    public static Optional<ConsumerRecord<byte[], byte[]>> firstFrom(KafkaClients clients, ClusterSpec cluster,
                                                                    TopicPartition tp, long offset, Duration timeout,
                                                                    Clock clock) {
        try (Consumer<byte[], byte[]> consumer = clients.consumer(cluster, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            Instant deadline = clock.instant().plus(timeout);
            while (clock.instant().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    return Optional.of(record);
                }
            }
            return Optional.empty();
        }
    }
}
