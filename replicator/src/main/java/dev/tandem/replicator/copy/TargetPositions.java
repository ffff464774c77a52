package dev.tandem.replicator.copy;

import dev.tandem.kafka.KafkaCalls;
import dev.tandem.playbook.Flow;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Where an exactly-once flow's partitions resume: the positions its transactions committed on the target. */
@FunctionalInterface
public interface TargetPositions {

    /** The committed position of each replica partition that has one (stable: no transaction pending). */
    Map<TopicPartition, Long> committed(Collection<TopicPartition> replicas);

    /** Read from the group {@code tandem.replicator.<flow>} on the target, waiting out pending transactions. */
    static TargetPositions of(Admin target, Flow flow) {
        String group = FlowClients.groupId(flow);
        return replicas -> {
            Map<TopicPartition, OffsetAndMetadata> committed = KafkaCalls.await(target.listConsumerGroupOffsets(
                    Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(replicas)),
                    new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata(group),
                    flow.target(), "read the positions of group " + group);
            Map<TopicPartition, Long> positions = new HashMap<>();
            committed.forEach((tp, offset) -> {
                if (offset != null) {
                    positions.put(tp, offset.offset());
                }
            });
            return positions;
        };
    }
}
