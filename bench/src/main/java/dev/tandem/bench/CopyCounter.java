package dev.tandem.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** How many records a copier has put on the target so far, asked again and again while it runs. */
interface CopyCounter extends AutoCloseable {

    long copied();

    @Override
    default void close() {
    }

    /** Records on the target topic by its end offsets: right where no transaction markers are written. */
    static CopyCounter endOffsetsOf(Clusters clusters, Admin west, String topic) {
        return () -> clusters.count(west, topic);
    }

    /**
     * Records an exactly-once Tandem flow committed on the target: the positions its transactions
     * committed (the target topic's end offsets also count transaction markers, and records not yet committed).
     */
    static CopyCounter committedByTandem(Admin west, String flow) {
        return () -> {
            try {
                return west.listConsumerGroupOffsets("tandem.replicator." + flow).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
            } catch (Exception e) {
                throw new IllegalStateException("reading the positions of flow " + flow + " on west", e);
            }
        };
    }

    /**
     * Records MirrorMaker 2 with exactly-once committed on the target: the source offsets its
     * transactions wrote to its Connect offsets topic ({@code mm2-offsets.<source>.internal} on the
     * target), read with read_committed. Each value is the offset of the last record copied.
     */
    static CopyCounter committedByMirrorMaker(String westBootstrap, String sourceAlias, String topic) {
        return new MirrorMakerOffsets(westBootstrap, "mm2-offsets." + sourceAlias + ".internal", topic);
    }

    final class MirrorMakerOffsets implements CopyCounter {

        private static final Pattern PARTITION = Pattern.compile("\"partition\"\\s*:\\s*(\\d+)");
        private static final Pattern OFFSET = Pattern.compile("\"offset\"\\s*:\\s*(\\d+)");

        private final KafkaConsumer<String, String> consumer;
        private final String offsetsTopic;
        private final String topicField;
        private final Map<Integer, Long> next = new HashMap<>();
        private boolean assigned;

        MirrorMakerOffsets(String bootstrap, String offsetsTopic, String topic) {
            this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
            this.offsetsTopic = offsetsTopic;
            this.topicField = "\"topic\":\"" + topic + "\"";
        }

        @Override
        public long copied() {
            if (!assigned) {
                List<PartitionInfo> partitions = consumer.listTopics(Duration.ofSeconds(5)).get(offsetsTopic);
                if (partitions == null) {
                    return 0;
                }
                List<TopicPartition> all = partitions.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(all);
                consumer.seekToBeginning(all);
                assigned = true;
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                String key = record.key();
                if (key == null || record.value() == null || !key.contains("MirrorSourceConnector")
                        || !key.replace(" ", "").contains(topicField)) {
                    continue;
                }
                Matcher partition = PARTITION.matcher(key);
                Matcher offset = OFFSET.matcher(record.value());
                if (partition.find() && offset.find()) {
                    next.put(Integer.parseInt(partition.group(1)), Long.parseLong(offset.group(1)) + 1);
                }
            }
            return next.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
