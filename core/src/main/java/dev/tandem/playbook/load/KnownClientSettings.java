package dev.tandem.playbook.load;

import dev.tandem.playbook.ClientRole;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings a cluster may set, so that a typo fails validation instead of being
 * silently ignored by the clients: in {@code properties} any producer, consumer or admin config of
 * the bundled kafka-clients; in a role's map ({@code producer}, {@code consumer}, {@code admin})
 * only that client's own configs.
 */
public final class KnownClientSettings {

    private final Set<String> any = new HashSet<>();
    private final Map<ClientRole, Set<String>> byRole = new EnumMap<>(ClientRole.class);

    public KnownClientSettings() {
        byRole.put(ClientRole.PRODUCER, ProducerConfig.configNames());
        byRole.put(ClientRole.CONSUMER, ConsumerConfig.configNames());
        byRole.put(ClientRole.ADMIN, AdminClientConfig.configNames());
        byRole.values().forEach(any::addAll);
    }

    public boolean isKnown(String name) {
        return any.contains(name);
    }

    public boolean isKnown(ClientRole role, String name) {
        return byRole.get(role).contains(name);
    }
}
