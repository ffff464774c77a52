package dev.tandem.kafka;

import dev.tandem.playbook.ClientRole;
import dev.tandem.playbook.ClusterSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@link KafkaClients} from a cluster's playbook settings. Precedence: the caller's tuning (Tandem's
 * defaults, which an operator may change), then the playbook's properties, then the cluster's
 * settings for the client's role (producer, consumer, admin), then the caller's required settings
 * and Tandem's own (what a component must have to be correct: {@code acks=all} and idempotence,
 * {@code read_committed}, no auto-commit).
 */
public final class DefaultKafkaClients implements KafkaClients {

    private final String clientIdPrefix;

    /** @param clientIdPrefix prefix of every client.id, so brokers' logs and quotas show who is Tandem */
    public DefaultKafkaClients(String clientIdPrefix) {
        this.clientIdPrefix = clientIdPrefix;
    }

    /**
     * How long closing an admin client may wait for calls still pending. A command that gave up
     * on a call (its bound passed) must not then wait for the call's own, longer timeout: with
     * both clusters unreachable that doubled the documented bound.
     */
    static final Duration ADMIN_CLOSE_BOUND = Duration.ofSeconds(2);

    @Override
    public Admin admin(ClusterSpec cluster) {
        return new BoundedCloseAdmin(config(cluster, ClientRole.ADMIN, Map.of()));
    }

    @Override
    public Producer<byte[], byte[]> producer(ClusterSpec cluster, Map<String, Object> tuning,
                                             Map<String, Object> required) {
        Map<String, Object> config = config(cluster, ClientRole.PRODUCER, tuning);
        config.putAll(required);
        // Nothing Tandem writes may be lost or duplicated by a retry, whatever the playbook says.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> consumer(ClusterSpec cluster, Map<String, Object> tuning,
                                             Map<String, Object> required) {
        Map<String, Object> defaults = new HashMap<>(tuning);
        defaults.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> config = config(cluster, ClientRole.CONSUMER, defaults);
        config.putAll(required);
        // Tandem reads only committed data: aborted source transactions, and on the target the copies
        // (and sync points) of an exactly-once flow's aborted transactions, are never seen. It commits
        // offsets itself, after what they cover is safe, never in the background.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> config(ClusterSpec cluster, ClientRole role, Map<String, Object> defaults) {
        Map<String, Object> config = new HashMap<>(defaults);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + "-" + cluster.alias() + "-" + role.key());
        config.putAll(cluster.clientConfig(role));
        return config;
    }

    /** An admin client whose plain {@code close()} waits at most {@link #ADMIN_CLOSE_BOUND}. */
    private static final class BoundedCloseAdmin extends ForwardingAdmin {
        BoundedCloseAdmin(Map<String, Object> config) {
            super(config);
        }

        @Override
        public void close() {
            close(ADMIN_CLOSE_BOUND);
        }
    }
}
