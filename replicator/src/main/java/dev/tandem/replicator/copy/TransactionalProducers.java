package dev.tandem.replicator.copy;

import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * The target producers of an exactly-once flow: one per source partition, each with its own
 * transactional id {@code tandem.<flow>:<topic>-<partition>} (neither flow names nor topic names
 * can hold a colon, so two flows never share an id, and the prefix {@code tandem.<flow>:} covers
 * exactly one flow's ids, for ACLs). Whoever copies a partition opens
 * its producer with that id, and {@code initTransactions} then fences every earlier producer of
 * the partition (a frozen process that wakes up can no longer commit) and aborts what it left open.
 */
@FunctionalInterface
public interface TransactionalProducers {

    /** initTransactions and commits give up after this, instead of Kafka's 60 s. */
    Duration MAX_BLOCK = Duration.ofSeconds(30);

    /** Opens (not yet initialized) the producer of a source partition. */
    Producer<byte[], byte[]> open(String transactionalId);

    /** The transactional id of a flow's source partition. */
    static String transactionalId(Flow flow, TopicPartition source) {
        return prefix(flow) + source.topic() + "-" + source.partition();
    }

    /** What every transactional id of a flow starts with. */
    static String prefix(Flow flow) {
        return "tandem." + flow.name() + ":";
    }

    /**
     * Producers on the flow's target tuned like the at-least-once producer (the cluster's producer settings win),
     * but for a 10 ms linger (a transaction's copies are read only once it commits, so it costs no latency and
     * fills batches), plus the transactional id.
     */
    static TransactionalProducers on(KafkaClients clients, ClusterSpec target) {
        return transactionalId -> clients.producer(target, Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                // one producer per partition: a smaller buffer each than the flow producer's 32 MB
                ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024 * 1024), Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                // the bound of initTransactions and of a commit round, which the playbook does not move
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis()));
    }
}
