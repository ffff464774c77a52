package dev.tandem.it.checkpoints;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointTopicReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An application's own failover code, as the README shows it: it knows the target's bootstrap
 * servers, its flow and its group, and nothing of Tandem but {@code dev.tandem.client} (its
 * imports are the proof). It moves its group to the target and reads the first record there.
 */
final class ClientApplication implements AutoCloseable {

    private final String group;
    private final KafkaConsumer<byte[], byte[]> consumer;

    ClientApplication(String targetBootstrap, String group) {
        this.group = group;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, targetBootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Commits the group's resume positions on the target, from the flow's checkpoints, and reads on from them; returns them. */
    Map<TopicPartition, OffsetAndMetadata> moveGroup(String flow) {
        List<Checkpoint> checkpoints = new CheckpointTopicReader(consumer, Clock.systemUTC(), Duration.ofSeconds(60))
                .latest(flow, Optional.of(group));
        Map<TopicPartition, OffsetAndMetadata> positions = CheckpointTopicReader.resumePositions(checkpoints);
        consumer.commitSync(positions);
        consumer.assign(positions.keySet());
        return positions;
    }

    /** The records of one poll of the group's partitions on the target. */
    List<ConsumerRecord<byte[], byte[]>> poll() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
