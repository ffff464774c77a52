package dev.tandem.topics;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which of a source topic's settings its replica gets: every setting set on the source topic
 * itself, except those that would change or reject what is copied (timestamp type and bounds:
 * the copy keeps the source's timestamps) or that only make sense on the source cluster
 * (throttled replicas, unclean leader election). {@code min.insync.replicas} is capped to the
 * replica's replication factor, or the target would refuse every write.
 */
public final class TopicConfigPlan {

    static final Set<String> NOT_COPIED = Set.of(
            "message.timestamp.type",
            "message.timestamp.difference.max.ms",
            "message.timestamp.before.max.ms",
            "message.timestamp.after.max.ms",
            "leader.replication.throttled.replicas",
            "follower.replication.throttled.replicas",
            "unclean.leader.election.enable");

    private TopicConfigPlan() {
    }

    /**
     * @param sourceTopicSettings the settings set on the source topic (not broker or default values)
     * @param targetReplicationFactor replication factor of the replica
     */
    public static Map<String, String> forReplica(Map<String, String> sourceTopicSettings, int targetReplicationFactor) {
        Map<String, String> plan = new TreeMap<>();
        sourceTopicSettings.forEach((name, value) -> {
            if (NOT_COPIED.contains(name) || name.startsWith("confluent.")) {
                return;
            }
            if (name.equals("min.insync.replicas")) {
                plan.put(name, String.valueOf(Math.min(Integer.parseInt(value), targetReplicationFactor)));
            } else {
                plan.put(name, value);
            }
        });
        return plan;
    }
}
