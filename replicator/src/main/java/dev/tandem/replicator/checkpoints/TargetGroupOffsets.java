package dev.tandem.replicator.checkpoints;

import dev.tandem.checkpoints.Partition;
import dev.tandem.checkpoints.TargetGroupSync;
import dev.tandem.kafka.KafkaCalls;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Consumer groups on the target cluster: how they stand, and committing offsets to them. */
final class TargetGroupOffsets {

    private final Admin target;
    private final String cluster;

    TargetGroupOffsets(Admin target, String cluster) {
        this.target = target;
        this.cluster = cluster;
    }

    /** Each group as it stands on the target: active members, and committed offsets (none for a new group). */
    Map<String, TargetGroupSync.TargetGroup> describe(Collection<String> groups) {
        Map<String, ConsumerGroupDescription> descriptions = KafkaCalls.await(
                target.describeConsumerGroups(groups).all(), cluster, "describe " + groups.size() + " consumer groups");
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = KafkaCalls.await(
                target.listConsumerGroupOffsets(specs).all(), cluster, "list the offsets of " + groups.size() + " groups");
        Map<String, TargetGroupSync.TargetGroup> result = new HashMap<>();
        for (String group : groups) {
            ConsumerGroupDescription description = descriptions.get(group);
            boolean active = description != null && !description.members().isEmpty();
            Map<Partition, Long> offsets = new HashMap<>();
            committed.getOrDefault(group, Map.of()).forEach((tp, offset) -> {
                if (offset != null) {
                    offsets.put(new Partition(tp.topic(), tp.partition()), offset.offset());
                }
            });
            result.put(group, new TargetGroupSync.TargetGroup(group, active, offsets));
        }
        return result;
    }

    /**
     * Commits offsets to a group. The broker itself refuses while the group has members, so a
     * consumer that joined since {@link #describe} is never overridden.
     */
    void commit(String group, Map<Partition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((p, offset) -> commits.put(new TopicPartition(p.topic(), p.partition()),
                new OffsetAndMetadata(offset, "tandem sync-group-offsets")));
        KafkaCalls.await(target.alterConsumerGroupOffsets(group, commits).all(), cluster,
                "commit translated offsets of group " + group);
    }
}
