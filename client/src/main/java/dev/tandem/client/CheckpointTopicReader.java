package dev.tandem.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Tandem's checkpoints from {@code __tandem.checkpoints} on a target cluster with a plain
 * Kafka consumer: the whole topic, from its start to the end offsets it had when reading began,
 * keeping the newest record of each key. An application uses it to find where its own group
 * resumes on the target ({@link #resumePositions}); Tandem's failover reads the topic the same
 * way when the store's host is lost with the source data center. The consumer is the caller's
 * (assigned, never subscribed; no group needed); records of another version are left out with a
 * warning, never a failure.
 */
public final class CheckpointTopicReader {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointTopicReader.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Clock clock;
    private final Duration timeout;

    /** @param timeout reading must reach the topic's end within this time, or {@link TimeoutException} */
    public CheckpointTopicReader(Consumer<byte[], byte[]> consumer, Clock clock, Duration timeout) {
        this.consumer = consumer;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The latest checkpoint of every group (or of one) and source partition of a flow; none when the topic is missing. */
    public List<Checkpoint> latest(String flow, Optional<String> group) {
        // listTopics, not partitionsFor: asking for a missing topic's partitions may make the broker create it
        // (auto.create.topics.enable), uncompacted.
        List<PartitionInfo> partitions = consumer.listTopics(timeout).get(CheckpointRecordFormat.TOPIC);
        if (partitions == null || partitions.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> topicPartitions = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        return latest(flow, group, consumer.endOffsets(topicPartitions, timeout));
    }

    /** As {@link #latest(String, Optional)}, reading each partition up to the given end offset. */
    public List<Checkpoint> latest(String flow, Optional<String> group, Map<TopicPartition, Long> ends) {
        Map<CheckpointRecordFormat.Key, Checkpoint> latest = new HashMap<>();
        consumer.assign(ends.keySet());
        consumer.seekToBeginning(ends.keySet());
        Instant deadline = clock.instant().plus(timeout);
        while (!reachedEnds(ends)) {
            if (clock.instant().isAfter(deadline)) {
                throw new TimeoutException("not read to its end within " + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                // A strict cut at the ends: what was written after reading began is not part of this reading.
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    apply(latest, record, flow, group);
                }
            }
        }
        return latest.values().stream().sorted(CheckpointSource.ORDER).toList();
    }

    /**
     * Where a group resumes on the target, per target partition, from its checkpoints: the exact
     * position, or the end of what was replicated when the group was ahead of replication. A
     * partition with no sync point for its offset has no position and is left out.
     */
    public static Map<TopicPartition, OffsetAndMetadata> resumePositions(List<Checkpoint> checkpoints) {
        Map<TopicPartition, OffsetAndMetadata> positions = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (Checkpoint checkpoint : checkpoints) {
            checkpoint.targetOffset().ifPresent(offset -> positions.put(
                    new TopicPartition(checkpoint.targetTopic(), checkpoint.partition()), new OffsetAndMetadata(offset)));
        }
        return positions;
    }

    private static void apply(Map<CheckpointRecordFormat.Key, Checkpoint> latest, ConsumerRecord<byte[], byte[]> record,
                              String flow, Optional<String> group) {
        CheckpointRecordFormat.Key key;
        Optional<Checkpoint> checkpoint;
        try {
            key = CheckpointRecordFormat.decodeKey(record.key());
            if (!key.flow().equals(flow) || group.map(g -> !g.equals(key.group())).orElse(false)) {
                return;
            }
            checkpoint = CheckpointRecordFormat.decode(record.key(), record.value());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // Another version's or another tool's record must not stop a failover: it is left out.
            LOG.warn("{} offset {} of partition {} skipped: {}", CheckpointRecordFormat.TOPIC, record.offset(),
                    record.partition(), e.getMessage());
            return;
        }
        if (checkpoint.isPresent()) {
            latest.put(key, checkpoint.get());
        } else {
            latest.remove(key);
        }
    }

    private boolean reachedEnds(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
