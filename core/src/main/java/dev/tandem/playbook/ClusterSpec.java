package dev.tandem.playbook;

import dev.tandem.secrets.SecretMasking;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One Kafka cluster of a playbook: its alias, bootstrap servers, the client settings every client
 * of it gets ({@code properties}) and those only one kind of client gets ({@code roles}: producer,
 * consumer, admin), which win over {@code properties}. {@link #toString()} masks secret settings,
 * so a cluster can be logged safely.
 */
public record ClusterSpec(String alias, String bootstrap, Map<String, String> properties,
                          Map<ClientRole, Map<String, String>> roles) {

    public ClusterSpec {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(bootstrap, "bootstrap");
        properties = Map.copyOf(new LinkedHashMap<>(properties));
        Map<ClientRole, Map<String, String>> copy = new EnumMap<>(ClientRole.class);
        roles.forEach((role, settings) -> {
            if (!settings.isEmpty()) {
                copy.put(role, Map.copyOf(settings));
            }
        });
        roles = Map.copyOf(copy);
    }

    /** A cluster whose clients all get the same settings. */
    public ClusterSpec(String alias, String bootstrap, Map<String, String> properties) {
        this(alias, bootstrap, properties, Map.of());
    }

    /** Settings for any Kafka client of this cluster: the playbook's properties plus bootstrap.servers. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>(properties);
        config.put("bootstrap.servers", bootstrap);
        return config;
    }

    /** Settings for a client of this role: the properties, then the role's own settings, plus bootstrap.servers. */
    public Map<String, Object> clientConfig(ClientRole role) {
        Map<String, Object> config = new LinkedHashMap<>(properties);
        config.putAll(roles.getOrDefault(role, Map.of()));
        config.put("bootstrap.servers", bootstrap);
        return config;
    }

    /** The same cluster reached at other bootstrap servers (the demo's clusters run on chosen ports). */
    public ClusterSpec withBootstrap(String otherBootstrap) {
        return new ClusterSpec(alias, otherBootstrap, properties, roles);
    }

    /** The client settings with secret values masked, for printing. */
    public Map<String, String> maskedProperties() {
        return SecretMasking.mask(new TreeMap<>(properties));
    }

    /** Each role's own settings, secret values masked, for printing. */
    public Map<ClientRole, Map<String, String>> maskedRoles() {
        Map<ClientRole, Map<String, String>> masked = new EnumMap<>(ClientRole.class);
        roles.forEach((role, settings) -> masked.put(role, SecretMasking.mask(new TreeMap<>(settings))));
        return masked;
    }

    @Override
    public String toString() {
        return "ClusterSpec[alias=" + alias + ", bootstrap=" + bootstrap
                + ", properties=" + maskedProperties() + ", roles=" + maskedRoles() + "]";
    }
}
