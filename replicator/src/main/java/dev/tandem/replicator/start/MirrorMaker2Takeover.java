package dev.tandem.replicator.start;

import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.mirrormaker2.takeover.Mm2OffsetsTopic;
import dev.tandem.mirrormaker2.takeover.Mm2Positions;
import dev.tandem.mirrormaker2.takeover.Takeover;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.safety.RefusedException;
import dev.tandem.topics.TopicSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code start: from-mirrormaker2}: before a flow copies anything, the partitions MirrorMaker 2
 * copied and the flow has no progress of its own for get, as the flow's own progress, the offset
 * after the last record MirrorMaker 2 copied: the flow then continues into the same replicas
 * without copying again, and its sync points make checkpoints exact from its first copy on. The
 * progress is where the flow keeps it ({@link FlowPositions}), so a restart resumes from it and
 * does not take over again. What is read,
 * and refused, is {@link Takeover}'s; everything is read again after {@link #QUIET} before the
 * positions are committed.
 */
public final class MirrorMaker2Takeover {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorMaker2Takeover.class);
    /** How long MirrorMaker 2's positions must stay still before they are taken over. */
    public static final Duration QUIET = Duration.ofSeconds(5);
    /** The metadata of the offsets a takeover commits, so that an operator sees where they came from. */
    static final String METADATA = "taken over from MirrorMaker 2";

    private final Playbook playbook;
    private final Flow flow;
    private final KafkaClients clients;
    private final Mm2OffsetsTopic mm2;
    private final FlowPositions positions;
    private final Takeover.Where where;
    private final TopicSelector selector;

    private MirrorMaker2Takeover(Playbook playbook, Flow flow, KafkaClients clients, Clock clock) {
        this.playbook = playbook;
        this.flow = flow;
        this.clients = clients;
        this.mm2 = new Mm2OffsetsTopic(clients, playbook.cluster(flow.target()), clock);
        this.positions = new FlowPositions(playbook, flow, clients);
        this.where = new Takeover.Where(flow.name(), flow.source(), flow.target(), Mm2Positions.offsetsTopic(flow.source()),
                positions.group());
        this.selector = new TopicSelector(flow, playbook.verify().canaryTopic());
    }

    /** Takes the flow over from MirrorMaker 2, or throws a {@link RefusedException} saying why not. */
    public static void takeOver(Playbook playbook, Flow flow, KafkaClients clients, Clock clock) {
        new MirrorMaker2Takeover(playbook, flow, clients, clock).run();
    }

    private void run() {
        Optional<Mm2Positions> first = mm2.read(flow.source());
        Takeover.Verdict verdict = decide(first, Optional.empty());
        if (verdict instanceof Takeover.Start start && !start.start().isEmpty()) {
            LOG.info("flow {}: taking over {} partitions from MirrorMaker 2 once its positions in {} stay still for"
                    + " {} s", flow.name(), start.start().size(), where.offsetsTopic(), QUIET.toSeconds());
            awaitQuiet();
            verdict = decide(first, mm2.read(flow.source()));
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
        positions.commit(start, METADATA);
        LOG.info("flow {}: took over from MirrorMaker 2 at {} (from {} on {}; the first record copied of each"
                + " partition is the one after MirrorMaker 2's last)", flow.name(), start, where.offsetsTopic(),
                flow.target());
    }

    /** Reads the clusters, with MirrorMaker 2's positions as given, and decides. */
    private Takeover.Verdict decide(Optional<Mm2Positions> first, Optional<Mm2Positions> again) {
        int workers = mm2.workerMembers(flow.source());
        Set<String> topics = new TreeSet<>();
        first.ifPresent(p -> p.lastCopied().keySet().stream().map(TopicPartition::topic).filter(selector::selects)
                .forEach(topics::add));
        ClusterSpec source = playbook.cluster(flow.source());
        ClusterSpec target = playbook.cluster(flow.target());
        Map<TopicPartition, Long> sourceEnds = new HashMap<>();
        Map<TopicPartition, Long> replicaEnds = new HashMap<>();
        try (Admin sourceAdmin = clients.admin(source); Admin targetAdmin = clients.admin(target)) {
            ConsumerGroups.Standing onSource = positions.onSource(sourceAdmin);
            for (String topic : topics) {
                sourceEnds.putAll(TopicOffsets.endOffsets(sourceAdmin, source.alias(), topic));
                replicaEnds.putAll(TopicOffsets.endOffsets(targetAdmin, target.alias(), flow.targetTopic(topic)));
            }
            return Takeover.decide(where, new Takeover.Readings(first, again, workers, onSource.members(),
                    positions.own(onSource, targetAdmin),
                    sourceEnds, replicaEnds), QUIET, selector::selects, flow::targetTopic);
        }
    }

    private static void awaitQuiet() {
        try {
            Thread.sleep(QUIET.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefusedException("interrupted while waiting for MirrorMaker 2's positions to stay still");
        }
    }
}
