package dev.tandem.chaos.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The reads of a chaos run on one cluster: end offsets, a group's commits, whole partitions. */
final class ClusterReads implements AutoCloseable {

    private static final Duration CALL = Duration.ofSeconds(30);

    private final Map<String, Object> config;
    private final Admin admin;

    ClusterReads(String bootstrap, Map<String, Object> clientProperties) {
        this.config = new HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(config);
    }

    Admin admin() {
        return admin;
    }

    /** The end of each partition a read_committed consumer can reach (the last stable offset). */
    Map<TopicPartition, Long> committedEnds(Collection<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(CALL.toMillis(), TimeUnit.MILLISECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** The offsets {@code group} committed (none: absent). */
    Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        committed.forEach((tp, o) -> {
            if (o != null) {
                offsets.put(tp, o.offset());
            }
        });
        return offsets;
    }

    /** Every record of each partition of {@code topic}, in offset order, up to its end now. */
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readAll(String topic, int partitions, boolean readCommitted) {
        Map<String, Object> consumerConfig = new HashMap<>(config);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
                records.put(p, new ArrayList<>());
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, CALL);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp, CALL) < ends.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("reading " + topic + " took more than 5 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records.get(r.partition()).add(r);
                }
            }
        }
        return records;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
