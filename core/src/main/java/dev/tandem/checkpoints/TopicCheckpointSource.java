package dev.tandem.checkpoints;

import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.InternalTopics;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.playbook.ClusterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads checkpoints from {@code __tandem.checkpoints} on a target cluster, for when the store's
 * host is lost with the source data center: the whole topic, from its start to the end offsets
 * it had when reading began, keeping the newest record of each key.
 */
public final class TopicCheckpointSource implements CheckpointSource {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TopicCheckpointSource.class);

    /** Reading the topic must end within this time, or the cluster counts as unreachable. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaClients clients;
    private final ClusterSpec target;
    private final Clock clock;

    public TopicCheckpointSource(KafkaClients clients, ClusterSpec target, Clock clock) {
        this.clients = clients;
        this.target = target;
        this.clock = clock;
    }

    @Override
    public List<Checkpoint> latest(String flow, Optional<String> group) {
        Map<TopicPartition, Long> ends;
        try (Admin admin = clients.admin(target)) {
            ends = TopicOffsets.endOffsets(admin, target.alias(), InternalTopics.CHECKPOINTS);
        }
        Map<CheckpointRecordFormat.Key, Checkpoint> latest = new HashMap<>();
        try (Consumer<byte[], byte[]> consumer = clients.consumer(target, Map.of())) {
            readToEnds(consumer, ends, latest, flow, group);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ClusterUnreachableException(target.alias(), "read " + InternalTopics.CHECKPOINTS, e);
        }
        return latest.values().stream().sorted(ORDER).toList();
    }

    private void readToEnds(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends,
                            Map<CheckpointRecordFormat.Key, Checkpoint> latest, String flow, Optional<String> group) {
        consumer.assign(ends.keySet());
        consumer.seekToBeginning(ends.keySet());
        Instant deadline = clock.instant().plus(READ_TIMEOUT);
        while (!reachedEnds(consumer, ends)) {
            if (clock.instant().isAfter(deadline)) {
                throw new ClusterUnreachableException(target.alias(), "read " + InternalTopics.CHECKPOINTS,
                        new TimeoutException("not read to its end within " + READ_TIMEOUT.toSeconds() + " s"));
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                apply(latest, record, flow, group);
            }
        }
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
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            // Another version's or another tool's record must not stop a failover: it is left out.
            LOG.warn("{} offset {} of partition {} skipped: {}", InternalTopics.CHECKPOINTS, record.offset(),
                    record.partition(), e.getMessage());
            return;
        }
        if (checkpoint.isPresent()) {
            latest.put(key, checkpoint.get());
        } else {
            latest.remove(key);
        }
    }

    private static boolean reachedEnds(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
