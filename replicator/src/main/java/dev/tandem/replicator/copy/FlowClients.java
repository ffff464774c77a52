package dev.tandem.replicator.copy;

import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka clients of one flow session, with the settings correctness needs: the source
 * consumer reads committed data only, in a consumer group that spreads partitions over every
 * replicator process of the flow; the target producer (at-least-once flows: exactly-once ones have
 * a transactional producer per partition instead) is idempotent with acks=all and rides out a
 * target outage of minutes. Closes them in reverse order.
 */
public record FlowClients(Consumer<byte[], byte[]> consumer, java.util.Optional<Producer<byte[], byte[]>> flowProducer,
                          Admin sourceAdmin, Admin targetAdmin) implements AutoCloseable {

    /** Prefix of the replicators' consumer groups: never checkpointed. */
    public static final String GROUP_PREFIX = dev.tandem.kafka.InternalGroups.REPLICATOR_PREFIX;

    /** The source consumer group of a flow's replicators. */
    public static String groupId(Flow flow) {
        return GROUP_PREFIX + flow.name();
    }

    public static FlowClients open(KafkaClients clients, Flow flow, ClusterSpec source, ClusterSpec target) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Admin sourceAdmin = clients.admin(source);
            opened.add(sourceAdmin);
            Admin targetAdmin = clients.admin(target);
            opened.add(targetAdmin);
            // an exactly-once flow writes through a transactional producer per partition instead
            java.util.Optional<Producer<byte[], byte[]>> producer = flow.delivery() == DeliveryGuarantee.AT_LEAST_ONCE
                    ? java.util.Optional.of(producer(clients, target)) : java.util.Optional.empty();
            producer.ifPresent(opened::add);
            Consumer<byte[], byte[]> consumer = consumer(clients, flow, source);
            return new FlowClients(consumer, producer, sourceAdmin, targetAdmin);
        } catch (RuntimeException e) {
            java.util.Collections.reverse(opened);
            opened.forEach(FlowClients::closeQuietly);
            throw e;
        }
    }

    /** The flow's one target producer: at-least-once flows only. */
    public Producer<byte[], byte[]> producer() {
        return flowProducer.orElseThrow(() -> new IllegalStateException(
                "an exactly-once flow has no flow producer: each partition has a transactional one"));
    }

    /** The copy's tuning is a default the cluster's {@code producer} settings may change; delivery is not. */
    private static Producer<byte[], byte[]> producer(KafkaClients clients, ClusterSpec target) {
        return clients.producer(target, Map.of(
                // 2 ms, not 10: a flow that keeps up sends within ~2 ms (p50 at a steady 5,000 records/s 7-8 -> 2-3
                // ms, bench/run-latency) and one catching up fills its batches from its 5,000-record polls anyway
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024 * 1024), Map.of());
    }

    /** Tuning (poll size, how fast a dead replicator's partitions move) is a default; the group and its protocol are not. */
    private static Consumer<byte[], byte[]> consumer(KafkaClients clients, Flow flow, ClusterSpec source) {
        Map<String, Object> tuning = new java.util.HashMap<>(Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                // a replicator that dies hands its partitions over after 10 s, not Kafka's default 45 s
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000));
        flow.maxBytesPerSecond().ifPresent(rate -> {
            // A poll holds about a second of the limit at most, so its debt is waited out well within
            // max.poll.interval.ms, and the rate is smooth rather than a burst then a pause.
            int fetch = (int) Math.max(64 * 1024, Math.min(50L * 1024 * 1024, rate));
            tuning.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetch);
            tuning.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.min(1024 * 1024, fetch));
        });
        return clients.consumer(source, tuning, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId(flow),
                // never a silent jump: a partition without progress starts at its first record, and one whose position
                // left the log is told (CopyLoop, SourceGaps)
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) Math.min(Integer.MAX_VALUE, flow.topicRefresh().toMillis())));
    }

    private static final java.time.Duration PRODUCER_CLOSE = java.time.Duration.ofSeconds(10);

    /** Closes every client, in reverse order of opening, even when one of them fails to close. */
    @Override
    public void close() {
        closeQuietly(consumer);
        // bounded: the delivery flushed what a clean stop copies; what a failed session left in flight is not committed
        flowProducer.ifPresent(p -> closeQuietly(() -> p.close(PRODUCER_CLOSE)));
        closeQuietly(targetAdmin);
        closeQuietly(sourceAdmin);
    }

    private static void closeQuietly(AutoCloseable client) {
        try {
            client.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(FlowClients.class).warn("closing a Kafka client failed: {}", e.getMessage());
        }
    }
}
