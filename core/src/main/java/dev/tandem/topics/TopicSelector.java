package dev.tandem.topics;

import dev.tandem.kafka.InternalTopics;
import dev.tandem.playbook.Flow;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which source topics a flow replicates: those its include/exclude patterns select, and the
 * verifier's canary topic; never Kafka's or Tandem's internal topics, and never a replica of the
 * flow's own target cluster (named {@code <target>.<topic>} by prefix naming): copying it back
 * would start a loop.
 */
public final class TopicSelector {

    private final Flow flow;
    private final String canaryTopic;

    public TopicSelector(Flow flow, String canaryTopic) {
        this.flow = flow;
        this.canaryTopic = canaryTopic;
    }

    public boolean selects(String topic) {
        return !InternalTopics.isInternal(topic) && !isReplicaOfTarget(topic)
                && (topic.equals(canaryTopic) || flow.topics().matches(topic));
    }

    public Set<String> select(Collection<String> sourceTopics) {
        Set<String> selected = new TreeSet<>();
        sourceTopics.stream().filter(this::selects).forEach(selected::add);
        return selected;
    }

    private boolean isReplicaOfTarget(String topic) {
        return topic.startsWith(flow.naming().replicaPrefix(flow.target()));
    }
}
