package dev.tandem.replicator.copy;

import dev.tandem.kafka.KafkaCalls;
import dev.tandem.playbook.Flow;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/** Where an exactly-once flow's partitions resume: the positions its transactions committed on the target. */
@FunctionalInterface
public interface TargetPositions {

    /**
     * A committed position: the next source offset, the ID of the source topic it was committed for, and
     * where the replica partition ended then (each empty when its metadata has none: an older version's
     * commit, or an offset reset).
     */
    record Position(long next, Optional<Uuid> sourceTopicId, java.util.OptionalLong replicaEnd) {
        Position(long next, Optional<Uuid> sourceTopicId) {
            this(next, sourceTopicId, java.util.OptionalLong.empty());
        }

        /** Whether it was committed for a source topic other than {@code now} (the topic was re-created since). */
        boolean forAnotherTopicThan(Uuid now) {
            return new CommitMetadata(sourceTopicId, replicaEnd).forAnotherTopicThan(now);
        }
    }

    /** The committed position of each replica partition that has one (stable: no transaction pending). */
    Map<TopicPartition, Position> committed(Collection<TopicPartition> replicas);

    /** Read from the group {@code tandem.replicator.<flow>} on the target, waiting out pending transactions. */
    static TargetPositions of(Admin target, Flow flow) {
        String group = FlowClients.groupId(flow);
        return replicas -> {
            Map<TopicPartition, OffsetAndMetadata> committed = KafkaCalls.await(target.listConsumerGroupOffsets(
                    Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(replicas)),
                    new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata(group),
                    flow.target(), "read the positions of group " + group);
            Map<TopicPartition, Position> positions = new HashMap<>();
            committed.forEach((tp, offset) -> {
                if (offset != null) {
                    CommitMetadata metadata = CommitMetadata.of(offset);
                    positions.put(tp, new Position(offset.offset(), metadata.sourceTopicId(), metadata.replicaEnd()));
                }
            });
            return positions;
        };
    }
}
