package dev.tandem.checkpoints;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointSource;
import dev.tandem.client.CheckpointTopicReader;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.InternalTopics;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.playbook.ClusterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads checkpoints from {@code __tandem.checkpoints} on a target cluster, for when the store's
 * host is lost with the source data center: the public {@link CheckpointTopicReader} on one of
 * the playbook's clusters, with its failures told as the cluster being unreachable.
 */
public final class TopicCheckpointSource implements CheckpointSource {

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
        try (Consumer<byte[], byte[]> consumer = clients.consumer(target, Map.of())) {
            return new CheckpointTopicReader(consumer, clock, READ_TIMEOUT).latest(flow, group, ends);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ClusterUnreachableException(target.alias(), "read " + InternalTopics.CHECKPOINTS, e);
        }
    }
}
