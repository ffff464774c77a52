package dev.tandem.topics;

import static dev.tandem.kafka.KafkaCalls.await;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/** Reads the settings set on topics themselves: what a replica copies, and what the verifier compares. */
public final class TopicSettings {

    private TopicSettings() {
    }

    /** The settings set on each topic itself (not inherited from the broker or Kafka's defaults). */
    public static Map<String, Map<String, String>> read(Admin admin, String cluster, Collection<String> topics) {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), cluster,
                "describe settings of topics");
        Map<String, Map<String, String>> settings = new HashMap<>();
        configs.forEach((resource, config) -> settings.put(resource.name(), config.entries().stream()
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && e.value() != null)
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value))));
        return settings;
    }
}
