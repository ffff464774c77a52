package dev.tandem.replicator.start;

import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.FlowStart;
import dev.tandem.playbook.Playbook;
import dev.tandem.replicator.topics.TopicMirror;
import dev.tandem.safety.RefusedException;
import dev.tandem.topics.TopicSelector;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code start: latest} and {@code start: <time>}: when a flow starts for the first time (it has
 * no progress at all), each partition of the source topics it selects gets, as the flow's own
 * progress, its end offset (latest) or the offset of its first record written at or after the time
 * (its end when there is none). Only those records and later ones are copied, with sync points
 * from the first copy on. Partitions that appear later (new topics, added partitions) were created
 * after the start, so they are copied from their first record; a flow with progress resumes from
 * it. Refused while another replicator of the flow runs (it would start from its own reading).
 */
public final class FirstStart {

    private static final Logger LOG = LoggerFactory.getLogger(FirstStart.class);
    static final String METADATA = "start of the flow";

    private FirstStart() {
    }

    /** Sets where a new flow starts, or does nothing when it has progress already. */
    public static void prepare(Playbook playbook, Flow flow, KafkaClients clients) {
        FlowStart start = flow.start();
        if (start.kind() != FlowStart.Kind.LATEST && start.kind() != FlowStart.Kind.AT_TIME) {
            throw new IllegalArgumentException("flow " + flow.name() + " starts " + start.yamlName());
        }
        FlowPositions positions = new FlowPositions(playbook, flow, clients);
        ClusterSpec source = playbook.cluster(flow.source());
        Map<TopicPartition, Long> next = new HashMap<>();
        try (Admin sourceAdmin = clients.admin(source); Admin targetAdmin = clients.admin(playbook.cluster(flow.target()))) {
            ConsumerGroups.Standing onSource = positions.onSource(sourceAdmin);
            if (!positions.own(onSource, targetAdmin).isEmpty()) {
                LOG.info("flow {}: resumes from its progress (start: {} applies to its first start)", flow.name(),
                        start.yamlName());
                return;
            }
            if (onSource.members() > 0) {
                throw new RefusedException("flow " + flow.name() + ": start: " + start.yamlName() + ": another replicator"
                        + " of the flow runs (group " + positions.group() + " on " + flow.source() + " has "
                        + onSource.members() + " member(s)) and has no progress yet: the first replicator of a new flow"
                        + " sets its start alone; start one, then the rest");
            }
            Set<String> topics = new TopicSelector(flow, playbook.verify().canaryTopic()).select(KafkaCalls.await(
                    sourceAdmin.listTopics().names(), source.alias(), "list topics"));
            if (topics.isEmpty()) {
                return;
            }
            // The replicas first: exactly-once keeps the positions by replica partition, which must exist.
            new TopicMirror(flow, sourceAdmin, targetAdmin).sync(topics);
            Map<String, TopicDescription> described = KafkaCalls.await(sourceAdmin.describeTopics(topics)
                    .allTopicNames(), source.alias(), "describe topics");
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> atTime = new HashMap<>();
            described.forEach((topic, d) -> d.partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                latest.put(tp, OffsetSpec.latest());
                start.time().ifPresent(t -> atTime.put(tp, OffsetSpec.forTimestamp(t.toEpochMilli())));
            }));
            KafkaCalls.await(sourceAdmin.listOffsets(latest).all(), source.alias(), "list end offsets")
                    .forEach((tp, info) -> next.put(tp, info.offset()));
            if (!atTime.isEmpty()) {
                KafkaCalls.await(sourceAdmin.listOffsets(atTime).all(), source.alias(), "list offsets at "
                        + start.yamlName()).forEach((tp, info) -> {
                            // No record at or after the time: the partition starts at its end.
                            if (info.offset() >= 0) {
                                next.put(tp, info.offset());
                            }
                        });
            }
        }
        positions.commit(next, METADATA + " (" + start.yamlName() + ")");
        LOG.info("flow {}: starts {} partitions at {} (start: {})", flow.name(), next.size(), next, start.yamlName());
    }
}
