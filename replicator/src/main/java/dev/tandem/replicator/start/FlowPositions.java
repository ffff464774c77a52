package dev.tandem.replicator.start;

import dev.tandem.client.Partition;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.replicator.copy.FlowClients;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A flow's own progress, where the copy keeps it, by source partition: at-least-once in its group
 * {@code tandem.replicator.<flow>} on the source, by source partition; exactly-once in the same
 * group on the target, by replica partition, where its transactions commit. Read and written
 * before the flow copies anything, to set where it starts.
 */
final class FlowPositions {

    private final Flow flow;
    private final KafkaClients clients;
    private final boolean onTarget;
    private final ClusterSpec source;
    private final ClusterSpec target;

    FlowPositions(Playbook playbook, Flow flow, KafkaClients clients) {
        this.flow = flow;
        this.clients = clients;
        this.onTarget = flow.delivery() == DeliveryGuarantee.EXACTLY_ONCE;
        this.source = playbook.cluster(flow.source());
        this.target = playbook.cluster(flow.target());
    }

    String group() {
        return FlowClients.groupId(flow);
    }

    /** The flow's group on the source as it stands: its members are the flow's running replicators. */
    ConsumerGroups.Standing onSource(Admin sourceAdmin) {
        return new ConsumerGroups(sourceAdmin, source.alias()).describe(List.of(group())).get(group());
    }

    /** The next source offset of each source partition the flow has progress of. */
    Map<TopicPartition, Long> own(ConsumerGroups.Standing onSource, Admin targetAdmin) {
        Map<Partition, Long> progress = onTarget
                ? new ConsumerGroups(targetAdmin, target.alias()).describe(List.of(group())).get(group()).committed()
                : onSource.committed();
        Map<TopicPartition, Long> own = new HashMap<>();
        progress.forEach((p, offset) -> sourcePartition(p).ifPresent(tp -> own.put(tp, offset)));
        return own;
    }

    /** Commits {@code next} (by source partition) as the flow's progress, with {@code metadata} saying where it came from. */
    void commit(Map<TopicPartition, Long> next, String metadata) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((tp, offset) -> offsets.put(onTarget
                ? new TopicPartition(flow.targetTopic(tp.topic()), tp.partition()) : tp, new OffsetAndMetadata(offset,
                metadata)));
        ClusterSpec on = onTarget ? target : source;
        try (Admin admin = clients.admin(on)) {
            KafkaCalls.await(admin.alterConsumerGroupOffsets(group(), offsets).all(), on.alias(),
                    "commit the flow's start positions in group " + group());
        }
    }

    private Optional<TopicPartition> sourcePartition(Partition progress) {
        if (!onTarget) {
            return Optional.of(new TopicPartition(progress.topic(), progress.partition()));
        }
        return flow.naming().sourceTopic(flow.source(), progress.topic())
                .map(topic -> new TopicPartition(topic, progress.partition()));
    }
}
