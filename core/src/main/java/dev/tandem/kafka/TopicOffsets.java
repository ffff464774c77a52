package dev.tandem.kafka;

import static dev.tandem.kafka.KafkaCalls.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Where each partition of a topic ends, as the cluster reports it. */
public final class TopicOffsets {

    private TopicOffsets() {
    }

    /** The end offset of every partition of {@code topic}; empty when the topic does not exist. */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, String cluster, String topic) {
        return endOffsets(admin, cluster, topic, new ListOffsetsOptions());
    }

    /**
     * Where a read_committed reader of {@code topic} ends (before the first open transaction);
     * empty when the topic does not exist.
     */
    public static Map<TopicPartition, Long> committedEndOffsets(Admin admin, String cluster, String topic) {
        return endOffsets(admin, cluster, topic, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String cluster, String topic,
                                                        ListOffsetsOptions options) {
        TopicDescription description;
        try {
            description = await(admin.describeTopics(List.of(topic)).allTopicNames(), cluster, "describe topic " + topic)
                    .get(topic);
        } catch (ClusterUnreachableException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Map.of();
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        await(admin.listOffsets(request, options).all(), cluster, "list end offsets of " + topic)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** How many offsets the topic's partitions hold in all (records plus transaction markers). */
    public static long endOffsetSum(Admin admin, String cluster, String topic) {
        return endOffsets(admin, cluster, topic).values().stream().mapToLong(Long::longValue).sum();
    }
}
