package dev.tandem.replicator.takeover;

import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.mirrormaker2.takeover.Mm2OffsetsTopic;
import dev.tandem.mirrormaker2.takeover.Mm2Positions;
import dev.tandem.mirrormaker2.takeover.Takeover;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.replicator.copy.FlowClients;
import dev.tandem.safety.RefusedException;
import dev.tandem.topics.TopicSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code start: from-mirrormaker2}: before a flow copies anything, the partitions MirrorMaker 2
 * copied and the flow has no progress of its own for get, as the flow's own progress, the offset
 * after the last record MirrorMaker 2 copied: the flow then continues into the same replicas
 * without copying again, and its sync points make checkpoints exact from its first copy on. The
 * progress is where the flow keeps it (at-least-once: its consumer group on the source;
 * exactly-once: the positions its transactions commit on the target), so a restart resumes from
 * it and never takes over twice. Refused as {@link Takeover} says.
 */
public final class MirrorMaker2Takeover {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorMaker2Takeover.class);
    /** How long MirrorMaker 2's positions must stay still before they are taken over. */
    public static final Duration QUIET = Duration.ofSeconds(5);
    /** The metadata of the offsets a takeover commits, so that an operator sees where they came from. */
    static final String METADATA = "taken over from MirrorMaker 2";

    private MirrorMaker2Takeover() {
    }

    /** Takes the flow over from MirrorMaker 2, or throws a {@link RefusedException} saying why not. */
    public static void takeOver(Playbook playbook, Flow flow, KafkaClients clients, Clock clock) {
        ClusterSpec target = playbook.cluster(flow.target());
        ClusterSpec progressOn = playbook.cluster(flow.delivery() == DeliveryGuarantee.EXACTLY_ONCE
                ? flow.target() : flow.source());
        String group = FlowClients.groupId(flow);
        Mm2OffsetsTopic mm2 = new Mm2OffsetsTopic(clients, target, clock);
        String topic = Mm2Positions.offsetsTopic(flow.source());
        TopicSelector selector = new TopicSelector(flow, playbook.verify().canaryTopic());
        try (Admin admin = clients.admin(progressOn)) {
            Map<TopicPartition, Long> own = own(admin, progressOn.alias(), group);
            int members = mm2.workerMembers(flow.source());
            Optional<Mm2Positions> first = mm2.read(flow.source());
            Takeover.Verdict verdict = Takeover.decide(flow.source(), flow.target(), topic, first, Optional.empty(),
                    QUIET, members, selector::selects, own);
            if (verdict instanceof Takeover.Start start && !start.start().isEmpty()) {
                LOG.info("flow {}: taking over {} partitions from MirrorMaker 2 once its positions in {} stay still for"
                        + " {} s", flow.name(), start.start().size(), topic, QUIET.toSeconds());
                awaitQuiet();
                verdict = Takeover.decide(flow.source(), flow.target(), topic, first, mm2.read(flow.source()), QUIET,
                        mm2.workerMembers(flow.source()), selector::selects, own);
            }
            if (verdict instanceof Takeover.Refused refused) {
                throw new RefusedException("flow " + flow.name() + ": start: from-mirrormaker2: " + refused.reason());
            }
            Map<TopicPartition, Long> start = ((Takeover.Start) verdict).start();
            if (start.isEmpty()) {
                LOG.info("flow {}: nothing to take over from MirrorMaker 2: the flow resumes from its own progress",
                        flow.name());
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            start.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next, METADATA)));
            KafkaCalls.await(admin.alterConsumerGroupOffsets(group, offsets).all(), progressOn.alias(),
                    "commit the positions taken over from MirrorMaker 2 in group " + group);
            LOG.info("flow {}: took over from MirrorMaker 2 at {} (from {} on {}; the first record copied of each"
                    + " partition is the one after MirrorMaker 2's last)", flow.name(), start, topic, flow.target());
        }
    }

    private static Map<TopicPartition, Long> own(Admin admin, String cluster, String group) {
        Map<TopicPartition, OffsetAndMetadata> committed = KafkaCalls.await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), cluster,
                "read the positions of group " + group);
        Map<TopicPartition, Long> own = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                own.put(tp, offset.offset());
            }
        });
        return own;
    }

    private static void awaitQuiet() {
        try {
            Thread.sleep(QUIET.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for MirrorMaker 2's positions to stay still", e);
        }
    }
}
