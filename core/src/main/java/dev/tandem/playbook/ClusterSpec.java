package dev.tandem.playbook;

import dev.tandem.secrets.SecretMasking;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Kafka cluster of a playbook: its alias, bootstrap servers and extra client settings.
 * {@link #toString()} masks secret settings, so a cluster can be logged safely.
 */
public record ClusterSpec(String alias, String bootstrap, Map<String, String> properties) {

    public ClusterSpec {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(bootstrap, "bootstrap");
        properties = Map.copyOf(new LinkedHashMap<>(properties));
    }

    /** Settings for a Kafka client of this cluster: the playbook's properties plus bootstrap.servers. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>(properties);
        config.put("bootstrap.servers", bootstrap);
        return config;
    }

    /** The client settings with secret values masked, for printing. */
    public Map<String, String> maskedProperties() {
        return SecretMasking.mask(new java.util.TreeMap<>(properties));
    }

    @Override
    public String toString() {
        return "ClusterSpec[alias=" + alias + ", bootstrap=" + bootstrap
                + ", properties=" + maskedProperties() + "]";
    }
}
