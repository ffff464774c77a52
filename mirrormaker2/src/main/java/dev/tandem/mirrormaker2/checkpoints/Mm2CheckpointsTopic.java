package dev.tandem.mirrormaker2.checkpoints;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointSource;
import dev.tandem.client.Translation;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicSnapshot;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MirrorMaker 2's checkpoints of a flow's groups, read from its checkpoints topic on the flow's
 * target ({@code <source>.checkpoints.internal}, with the flow's prefix separator in place of the
 * dots, as MirrorMaker 2 names it by default), decoded with MirrorMaker 2's own {@code Checkpoint}
 * format. A checkpoint names the replica partition and the translated (downstream) offset; it
 * becomes a checkpoint of kind {@code mm2} of the source topic the replica copies. Checkpoints of
 * replicas that are not the flow's (active-active: topics renamed back) and of groups the flow does
 * not select are left out.
 */
public final class Mm2CheckpointsTopic implements CheckpointSource {

    private static final Logger LOG = LoggerFactory.getLogger(Mm2CheckpointsTopic.class);
    /** Reading the topic must end within this time, or the cluster counts as unreachable. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaClients clients;
    private final ClusterSpec target;
    private final Flow flow;
    private final Clock clock;

    public Mm2CheckpointsTopic(KafkaClients clients, ClusterSpec target, Flow flow, Clock clock) {
        this.clients = clients;
        this.target = target;
        this.flow = flow;
        this.clock = clock;
    }

    /** The checkpoints topic MirrorMaker 2's default replication policy names for flows from {@code source}. */
    public static String topic(Flow flow) {
        String separator = flow.naming().separator();
        return flow.source() + separator + "checkpoints" + separator + "internal";
    }

    @Override
    public List<Checkpoint> latest(String flowName, Optional<String> group) {
        String topic = topic(flow);
        Map<List<Object>, Checkpoint> latest = new HashMap<>();
        boolean exists = TopicSnapshot.read(clients, target, topic, READ_TIMEOUT, clock, record -> decode(record, topic)
                .filter(c -> group.map(c.group()::equals).orElse(true))
                .ifPresent(c -> latest.put(List.of(c.group(), c.targetTopic(), c.partition()), c)));
        if (!exists) {
            LOG.warn("flow {}: no MirrorMaker 2 checkpoints: {} does not exist on {}", flow.name(), topic, target.alias());
        }
        return latest.values().stream().sorted(CheckpointSource.ORDER).toList();
    }

    private Optional<Checkpoint> decode(ConsumerRecord<byte[], byte[]> record, String topic) {
        org.apache.kafka.connect.mirror.Checkpoint mm2;
        try {
            mm2 = org.apache.kafka.connect.mirror.Checkpoint.deserializeRecord(record);
        } catch (RuntimeException e) {
            // Another version's record must not stop a failover: it is left out.
            LOG.warn("{} offset {} of partition {} skipped: {}", topic, record.offset(), record.partition(), e.getMessage());
            return Optional.empty();
        }
        String replica = mm2.topicPartition().topic();
        Optional<String> sourceTopic = flow.naming().sourceTopic(flow.source(), replica);
        if (sourceTopic.isEmpty() || !flow.groups().matches(mm2.consumerGroupId()) || mm2.upstreamOffset() < 0) {
            return Optional.empty();
        }
        Instant at = Instant.ofEpochMilli(record.timestamp());
        return Optional.of(new Checkpoint(flow.name(), mm2.consumerGroupId(), sourceTopic.get(),
                mm2.topicPartition().partition(), mm2.upstreamOffset(), replica,
                new Translation.MirrorMaker2(mm2.downstreamOffset()), at, at));
    }
}
