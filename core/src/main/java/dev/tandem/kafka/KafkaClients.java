package dev.tandem.kafka;

import dev.tandem.playbook.ClusterSpec;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Makes Kafka clients for a playbook's clusters: the seam between Tandem's logic and Kafka.
 * Records are raw bytes everywhere: Tandem never deserializes what it copies.
 */
public interface KafkaClients {

    Admin admin(ClusterSpec cluster);

    Producer<byte[], byte[]> producer(ClusterSpec cluster, Map<String, Object> overrides);

    Consumer<byte[], byte[]> consumer(ClusterSpec cluster, Map<String, Object> overrides);
}
