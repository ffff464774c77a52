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

    /**
     * A producer: {@code tuning} are defaults the playbook's settings win over (linger, batch size),
     * {@code required} win over the playbook (a transactional id).
     */
    Producer<byte[], byte[]> producer(ClusterSpec cluster, Map<String, Object> tuning, Map<String, Object> required);

    /** A consumer, with tuning and required settings as for {@link #producer(ClusterSpec, Map, Map)}. */
    Consumer<byte[], byte[]> consumer(ClusterSpec cluster, Map<String, Object> tuning, Map<String, Object> required);

    /** A producer with only required settings besides the playbook's. */
    default Producer<byte[], byte[]> producer(ClusterSpec cluster, Map<String, Object> required) {
        return producer(cluster, Map.of(), required);
    }

    /** A consumer with only required settings besides the playbook's. */
    default Consumer<byte[], byte[]> consumer(ClusterSpec cluster, Map<String, Object> required) {
        return consumer(cluster, Map.of(), required);
    }
}
