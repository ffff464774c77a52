package dev.tandem.playbook.load;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings a cluster's {@code properties} may set: any producer, consumer or
 * admin config of the bundled kafka-clients, so that a typo fails validation instead of being
 * silently ignored by the clients.
 */
final class KnownClientSettings {

    private final Set<String> names = new HashSet<>();

    KnownClientSettings() {
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
    }

    boolean isKnown(String name) {
        return names.contains(name);
    }
}
