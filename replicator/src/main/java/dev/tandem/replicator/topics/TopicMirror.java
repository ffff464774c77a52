package dev.tandem.replicator.topics;

import static dev.tandem.kafka.KafkaCalls.await;

import dev.tandem.kafka.KafkaCalls;
import dev.tandem.topics.TopicConfigPlan;
import dev.tandem.topics.TopicSettings;
import dev.tandem.playbook.Flow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the target's replica topics in shape: created when missing with the source's partition
 * count and settings, partitions added when the source grows, settings re-synced. Never deletes.
 * Thread-safe: a flow's topic refresh syncs beside its copy, which grows a replica or waits for new
 * replicas' leaders on its own thread (two syncs of one topic at once are safe, as two processes' are).
 */
public final class TopicMirror {

    private static final Logger LOG = LoggerFactory.getLogger(TopicMirror.class);

    private final Flow flow;
    private final Admin source;
    private final Admin target;
    private final Map<String, Integer> targetPartitions = new ConcurrentHashMap<>();
    private volatile Integer targetDefaultReplicationFactor;
    /** Replicas created whose partitions may not have a leader yet: no copy is written to them before they do. */
    private final Set<String> awaitingLeaders = ConcurrentHashMap.newKeySet();
    /** Guards {@link #awaitingLeaders} and {@link #leadersDeadline} together (additions, the wait). */
    private final Object leaders = new Object();
    /** When the wait for {@link #awaitingLeaders} gives up (System.nanoTime()). */
    private long leadersDeadline;

    public TopicMirror(Flow flow, Admin source, Admin target) {
        this.flow = flow;
        this.source = source;
        this.target = target;
    }

    /**
     * Brings the replicas of {@code topics} up to date, the new ones with a leader for every partition (or
     * {@link #LEADERS} passed); returns the source partition counts.
     */
    public Map<String, Integer> sync(Set<String> topics) {
        Map<String, Integer> sourcePartitions = syncWithoutLeaders(topics);
        awaitLeaders();
        return sourcePartitions;
    }

    /**
     * As {@link #sync}, but returns once the new replicas are created: the first copy into any replica
     * ({@link #ensurePartition}) waits for their leaders instead, so that a flow subscribes and joins its
     * consumer group while the target's brokers take the new topics in (1,000 new replicas took them
     * 1.3-5.5 s on this machine, the join about 0.4-0.9 s).
     */
    public Map<String, Integer> syncWithoutLeaders(Set<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> sourcePartitions = partitions(source, flow.source(), topics);
        Map<String, Map<String, String>> sourceSettings = TopicSettings.read(source, flow.source(), topics);
        Set<String> existing = await(target.listTopics().names(), flow.target(), "list topics");
        Map<String, String> replicaNames = topics.stream()
                .collect(Collectors.toMap(t -> t, flow::targetTopic));
        List<String> present = replicaNames.values().stream().filter(existing::contains).toList();
        Map<String, TopicDescription> replicas = present.isEmpty() ? Map.of()
                : await(target.describeTopics(present).allTopicNames(), flow.target(), "describe topics " + present);
        List<NewTopic> toCreate = new ArrayList<>();
        Map<String, NewPartitions> toGrow = new HashMap<>();
        for (String topic : topics) {
            String replica = replicaNames.get(topic);
            int partitions = sourcePartitions.get(topic);
            TopicDescription description = replicas.get(replica);
            if (description == null) {
                int rf = replicationFactor();
                toCreate.add(new NewTopic(replica, Optional.of(partitions), Optional.of((short) rf))
                        .configs(TopicConfigPlan.forReplica(sourceSettings.get(topic), rf)));
            } else if (description.partitions().size() < partitions) {
                toGrow.put(replica, NewPartitions.increaseTo(partitions));
            } else {
                knows(replica, description.partitions().size());
            }
        }
        create(toCreate);
        grow(toGrow);
        syncSettings(topics, replicaNames, replicas, sourceSettings);
        return sourcePartitions;
    }

    /**
     * Makes sure the replica has {@code partition} before a copy is written to it (the source topic grew),
     * and, when it is new, that its partitions have leaders (the copies into replicas already followed do
     * not wait for those a refresh beside them created).
     */
    public void ensurePartition(String sourceTopic, String replica, int partition) {
        if (knownTargetPartitions(replica) <= partition) {
            syncWithoutLeaders(Set.of(sourceTopic));
        }
        if (awaitingLeaders.contains(replica)) {
            awaitLeaders();
        }
    }

    /** A replica's partition count as seen: never lowered by a count read before another thread grew it. */
    private void knows(String replica, int partitions) {
        targetPartitions.merge(replica, partitions, Math::max);
    }

    /** Partition count of a replica as last seen; 0 when unknown. */
    private int knownTargetPartitions(String replica) {
        Integer count = targetPartitions.get(replica);
        return count == null ? 0 : count;
    }

    /** All in a few requests, not one after another: a flow over 1,000 topics waited 37 s for them one by one. */
    private void create(List<NewTopic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        Set<String> created = KafkaCalls.createAllIfMissing(target, flow.target(), topics);
        for (NewTopic topic : topics) {
            if (created.contains(topic.name())) {
                LOG.info("flow {}: created {} on {} ({} partitions, rf {}, settings {})", flow.name(), topic.name(),
                        flow.target(), topic.numPartitions(), topic.replicationFactor(), topic.configs());
            } else {
                LOG.debug("flow {}: {} was created meanwhile by another process", flow.name(), topic.name());
            }
            knows(topic.name(), topic.numPartitions());
        }
        if (!created.isEmpty()) {
            synchronized (leaders) {
                leadersDeadline = System.nanoTime() + LEADERS.toNanos();
                awaitingLeaders.addAll(created);
            }
        }
    }

    /** How long new replicas may take to get a leader before the flow copies into them anyway. */
    private static final java.time.Duration LEADERS = java.time.Duration.ofSeconds(10);

    /**
     * Waits (at most {@link #LEADERS}) until every partition of the replicas just created has a leader:
     * the first copies then find one. Without the wait, once in 1,000 new topics written to at once, a copy
     * was held for the producer's 5-minute delivery timeout (most likely written before its partition's
     * leader was known; not seen since, see docs/BENCHMARKS.md).
     */
    private void awaitLeaders() {
        if (awaitingLeaders.isEmpty()) {
            return;
        }
        synchronized (leaders) { // a refresh that creates more replicas meanwhile adds them once this wait ends
            awaitLeadersLocked();
        }
    }

    private void awaitLeadersLocked() {
        long deadline = leadersDeadline;
        Set<String> waiting = awaitingLeaders;
        while (!waiting.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                // no longer than the wait has left: a target that stops answering does not stretch it by 30 s
                java.time.Duration left = java.time.Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
                await(target.describeTopics(waiting).allTopicNames(), flow.target(), "describe topics", left)
                        .forEach((name, d) -> {
                            if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                                waiting.remove(name);
                            }
                        });
            } catch (RuntimeException notYetKnown) {
                // a new topic the broker does not describe yet: asked again
            }
            if (!waiting.isEmpty()) {
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        if (!waiting.isEmpty()) {
            LOG.warn("flow {}: {} new replicas on {} have no leader after {} s (for example {}); copying into them anyway",
                    flow.name(), waiting.size(), flow.target(), LEADERS.toSeconds(), waiting.iterator().next());
            waiting.clear();
        }
    }

    private void grow(Map<String, NewPartitions> topics) {
        topics.forEach((topic, increase) -> {
            // InvalidPartitionsException: another replicator of the flow grew it first.
            if (KafkaCalls.succeeds(target.createPartitions(Map.of(topic, increase)).all(), flow.target(),
                    "add partitions to " + topic, InvalidPartitionsException.class)) {
                LOG.info("flow {}: {} on {} grown to {} partitions like its source", flow.name(), topic, flow.target(),
                        increase.totalCount());
            }
            knows(topic, increase.totalCount());
        });
    }

    private void syncSettings(Set<String> topics, Map<String, String> replicaNames,
                              Map<String, TopicDescription> replicas, Map<String, Map<String, String>> sourceSettings) {
        if (replicas.isEmpty()) {
            return;
        }
        Map<String, Map<String, String>> current = TopicSettings.read(target, flow.target(), replicas.keySet());
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (String topic : topics) {
            String replica = replicaNames.get(topic);
            TopicDescription description = replicas.get(replica);
            if (description == null) {
                continue;
            }
            int rf = description.partitions().get(0).replicas().size();
            Map<String, String> wanted = TopicConfigPlan.forReplica(sourceSettings.get(topic), rf);
            List<AlterConfigOp> ops = wanted.entrySet().stream()
                    .filter(e -> !e.getValue().equals(current.get(replica).get(e.getKey())))
                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            if (!ops.isEmpty()) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, replica), ops);
            }
        }
        if (!changes.isEmpty()) {
            await(target.incrementalAlterConfigs(changes).all(), flow.target(), "alter settings of " + changes.keySet());
            LOG.info("flow {}: settings of {} re-synced from {}", flow.name(),
                    changes.keySet().stream().map(ConfigResource::name).toList(), flow.source());
        }
    }

    private static Map<String, Integer> partitions(Admin admin, String cluster, Set<String> topics) {
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(topics).allTopicNames(), cluster,
                "describe topics");
        Map<String, Integer> counts = new HashMap<>();
        descriptions.forEach((name, d) -> counts.put(name, d.partitions().size()));
        return counts;
    }

    private int replicationFactor() {
        if (flow.replicationFactor().isPresent()) {
            return flow.replicationFactor().getAsInt();
        }
        if (targetDefaultReplicationFactor == null) {
            var nodes = await(target.describeCluster().nodes(), flow.target(), "describe cluster");
            String nodeId = String.valueOf(nodes.iterator().next().id());
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodeId);
            Config config = await(target.describeConfigs(List.of(broker)).all(), flow.target(),
                    "describe broker settings").get(broker);
            ConfigEntry entry = config.get("default.replication.factor");
            targetDefaultReplicationFactor = entry == null || entry.value() == null ? 1 : Integer.parseInt(entry.value());
        }
        return targetDefaultReplicationFactor;
    }
}
