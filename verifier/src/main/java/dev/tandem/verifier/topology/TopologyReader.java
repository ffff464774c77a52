package dev.tandem.verifier.topology;

import static dev.tandem.kafka.KafkaCalls.await;

import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.topics.TopicSelector;
import dev.tandem.topics.TopicSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/** Reads both clusters' topics for the topology check of one flow. */
public final class TopologyReader {

    private final KafkaClients clients;

    public TopologyReader(KafkaClients clients) {
        this.clients = clients;
    }

    public TopologyResult check(Flow flow, ClusterSpec source, ClusterSpec target, String canaryTopic) {
        try (Admin sourceAdmin = clients.admin(source); Admin targetAdmin = clients.admin(target)) {
            Set<String> selected = new TopicSelector(flow, canaryTopic).select(
                    await(sourceAdmin.listTopics().names(), source.alias(), "list topics"));
            List<TopicShape> sources = new ArrayList<>(shapes(sourceAdmin, source.alias(), selected).values());
            Set<String> targetTopics = await(targetAdmin.listTopics().names(), target.alias(), "list topics");
            Set<String> replicas = new java.util.TreeSet<>();
            selected.stream().map(flow::targetTopic).filter(targetTopics::contains).forEach(replicas::add);
            Map<String, TopicShape> replicaShapes = shapes(targetAdmin, target.alias(), replicas);
            Map<String, Integer> factors = new HashMap<>();
            if (!replicas.isEmpty()) {
                await(targetAdmin.describeTopics(replicas).allTopicNames(), target.alias(), "describe topics")
                        .forEach((name, d) -> factors.put(name, d.partitions().get(0).replicas().size()));
            }
            sources.sort(java.util.Comparator.comparing(TopicShape::name));
            return TopologyCheck.compare(sources, replicaShapes, flow::targetTopic, factors);
        }
    }

    private static Map<String, TopicShape> shapes(Admin admin, String cluster, Set<String> topics) {
        Map<String, TopicShape> shapes = new HashMap<>();
        if (topics.isEmpty()) {
            return shapes;
        }
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(topics).allTopicNames(), cluster,
                "describe topics");
        Map<String, Map<String, String>> settings = TopicSettings.read(admin, cluster, topics);
        descriptions.forEach((name, d) -> shapes.put(name, new TopicShape(name, d.partitions().size(),
                settings.getOrDefault(name, Map.of()))));
        return shapes;
    }
}
