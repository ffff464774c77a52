package dev.tandem.replicator.checkpoints;

import dev.tandem.client.Partition;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.InternalGroups;
import dev.tandem.playbook.Flow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads, on the source cluster, the committed offsets of the consumer groups a flow checkpoints:
 * those its {@code groups} filter selects, and the verifier's and drills' groups; never Tandem's
 * own replicator groups.
 */
final class SourceGroupOffsets {

    private final Admin source;
    private final String cluster;
    private final Flow flow;

    SourceGroupOffsets(Admin source, String cluster, Flow flow) {
        this.source = source;
        this.cluster = cluster;
        this.flow = flow;
    }

    /** Committed offsets by group, for the partitions {@code wanted} accepts; groups without any are left out. */
    Map<String, Map<Partition, Long>> read(Predicate<Partition> wanted) {
        List<String> selected = new ConsumerGroups(source, cluster).names().stream()
                .filter(g -> InternalGroups.alwaysCheckpointed(g, flow)
                        || flow.groups().matches(g) && !InternalGroups.isReplicator(g))
                .sorted().toList();
        Map<String, Map<Partition, Long>> offsets = new HashMap<>();
        if (selected.isEmpty()) {
            return offsets;
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        selected.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = KafkaCalls.await(
                source.listConsumerGroupOffsets(specs).all(), cluster,
                "list the committed offsets of " + selected.size() + " consumer groups");
        committed.forEach((group, partitions) -> {
            Map<Partition, Long> wantedOffsets = new HashMap<>();
            partitions.forEach((tp, offset) -> {
                Partition partition = new Partition(tp.topic(), tp.partition());
                if (offset != null && offset.offset() >= 0 && wanted.test(partition)) {
                    wantedOffsets.put(partition, offset.offset());
                }
            });
            if (!wantedOffsets.isEmpty()) {
                offsets.put(group, wantedOffsets);
            }
        });
        return offsets;
    }
}
