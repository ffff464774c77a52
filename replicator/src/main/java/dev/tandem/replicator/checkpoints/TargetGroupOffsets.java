package dev.tandem.replicator.checkpoints;

import dev.tandem.checkpoints.Partition;
import dev.tandem.checkpoints.TargetGroupSync;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaOperationException;
import java.util.Optional;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
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
        Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions =
                target.describeConsumerGroups(groups).describedGroups();
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult offsets = target.listConsumerGroupOffsets(specs);
        Map<String, TargetGroupSync.TargetGroup> result = new HashMap<>();
        for (String group : groups) {
            // A group that never existed on the target is not found: it has neither members nor offsets.
            Optional<ConsumerGroupDescription> description = unlessNotFound(descriptions.get(group), "describe group " + group);
            boolean active = description.map(d -> !d.members().isEmpty()).orElse(false);
            Map<Partition, Long> committed = new HashMap<>();
            unlessNotFound(offsets.partitionsToOffsetAndMetadata(group), "list the offsets of group " + group)
                    .orElse(Map.of()).forEach((tp, offset) -> {
                        if (offset != null) {
                            committed.put(new Partition(tp.topic(), tp.partition()), offset.offset());
                        }
                    });
            result.put(group, new TargetGroupSync.TargetGroup(group, active, committed));
        }
        return result;
    }

    private <T> Optional<T> unlessNotFound(KafkaFuture<T> future, String attempted) {
        try {
            return Optional.of(KafkaCalls.await(future, cluster, attempted));
        } catch (KafkaOperationException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
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
