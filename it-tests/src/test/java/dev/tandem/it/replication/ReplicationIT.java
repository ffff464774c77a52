package dev.tandem.it.replication;

import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TopicData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.it.clusters.TestTopics;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.provenance.Provenance;
import dev.tandem.metrics.MetricsServer;
import dev.tandem.it.clusters.AlsoSecured;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The replication engine on two real clusters: fidelity, naming, new topics and partitions, settings. */
class ReplicationIT extends ReplicationTestBase {

    @Test
    @AlsoSecured
    void recordsArriveIdenticalInOrderInTheSamePartitionWithPrefixNaming() throws Exception {
        assertFaithfulCopy(Naming.PREFIX);
    }

    @Test
    @AlsoSecured
    void recordsArriveIdenticalInOrderInTheSamePartitionWithIdentityNaming() throws Exception {
        assertFaithfulCopy(Naming.IDENTITY);
    }

    private void assertFaithfulCopy(Naming naming) throws Exception {
        String topic = TestTopics.randomName("fidelity");
        createTopic(topic, 3, Map.of());
        List<ProducerRecord<byte[], byte[]>> sent = sampleRecords(topic, 90);
        produce(sent);
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, naming);

        try (RunningReplicator ignored = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            String replica = flow.targetTopic(topic);
            assertThat(replica).isEqualTo(naming == Naming.PREFIX ? "east." + topic : topic);
            List<ConsumerRecord<byte[], byte[]>> copied = TopicData.readAll(clusters.west().spec(), replica, sent.size());
            List<ConsumerRecord<byte[], byte[]>> original = TopicData.readAll(clusters.east().spec(), topic, sent.size());

            assertThat(copied).hasSize(original.size());
            for (int p = 0; p < 3; p++) {
                int partition = p;
                List<String> source = original.stream().filter(r -> r.partition() == partition).map(r -> describe(r, false)).toList();
                List<String> target = copied.stream().filter(r -> r.partition() == partition).map(r -> describe(r, true)).toList();
                assertThat(target).as("partition %d", p).containsExactlyElementsOf(source);
            }
            assertThat(copied).allSatisfy(r -> assertThat(Provenance.origin(r.headers())).contains(clusters.east().clusterId()));
        }
    }

    @Test
    void aNewMatchingTopicAndANewPartitionAreMirrored() throws Exception {
        String prefix = TestTopics.randomName("grow");
        String first = prefix + ".a";
        createTopic(first, 1, Map.of());
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", prefix + "\\..*", Naming.PREFIX);
        try (RunningReplicator ignored = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            produce(List.of(record(first, 0, "k", "before-growth")));
            TopicData.readAll(clusters.west().spec(), "east." + first, 1);

            String second = prefix + ".b";
            createTopic(second, 2, Map.of());
            produce(List.of(record(second, 1, "k", "new-topic")));
            try (Admin east = CLIENTS.admin(clusters.east().spec())) {
                east.createPartitions(Map.of(first, NewPartitions.increaseTo(3))).all().get(30, TimeUnit.SECONDS);
            }
            produce(List.of(record(first, 2, "k", "new-partition")));

            List<ConsumerRecord<byte[], byte[]>> newTopic = TopicData.readAll(clusters.west().spec(), "east." + second, 1);
            assertThat(newTopic).extracting(ConsumerRecord::partition).containsExactly(1);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    TopicData.endOffsets(clusters.west().spec(), "east." + first).size() == 3);
            List<ConsumerRecord<byte[], byte[]>> grown = TopicData.readAll(clusters.west().spec(), "east." + first, 2);
            assertThat(grown).filteredOn(r -> r.partition() == 2).extracting(r -> text(r.value()))
                    .containsExactly("new-partition");
        }
    }

    /** More topics than one create request carries, one replica there already: every replica created, every record copied. */
    @Test
    void manyTopicsGetTheirReplicasInBatchesAndAreAllCopied() throws Exception {
        String prefix = TestTopics.randomName("many");
        int count = 2 * 200 + 50; // KafkaCalls.CREATE_BATCH = 200: three requests
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            topics.add(prefix + "." + i);
        }
        try (Admin east = CLIENTS.admin(clusters.east().spec()); Admin west = CLIENTS.admin(clusters.west().spec())) {
            east.createTopics(topics.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all()
                    .get(60, TimeUnit.SECONDS);
            west.createTopics(List.of(new NewTopic("east." + topics.get(7), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            topics.forEach(t -> records.add(record(t, 0, "k", t)));
            produce(records);
            Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west",
                    java.util.regex.Pattern.quote(prefix) + "\\..*", Naming.PREFIX);
            try (RunningReplicator ignored = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                    List.of(flow), store)) {
                List<TopicPartition> replicas = topics.stream().map(t -> new TopicPartition("east." + t, 0)).toList();
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    replicas.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                    try {
                        return west.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                                .filter(o -> o.offset() == 1).count() == count;
                    } catch (java.util.concurrent.ExecutionException notAllThereYet) {
                        return false;
                    }
                });
            } finally {
                east.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
                west.deleteTopics(topics.stream().map(t -> "east." + t).toList()).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void topicSettingsAreCopiedAndMinInsyncReplicasIsCapped() throws Exception {
        String topic = TestTopics.randomName("settings");
        createTopic(topic, 1, Map.of("cleanup.policy", "compact", "retention.ms", "3600000",
                "max.message.bytes", "200000", "min.insync.replicas", "2", "message.timestamp.type", "LogAppendTime"));
        produce(List.of(record(topic, 0, "k", "v")));
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        try (RunningReplicator ignored = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            TopicData.readAll(clusters.west().spec(), "east." + topic, 1);

            try (Admin west = CLIENTS.admin(clusters.west().spec())) {
                ConfigResource replica = new ConfigResource(ConfigResource.Type.TOPIC, "east." + topic);
                Config config = west.describeConfigs(List.of(replica)).all().get(30, TimeUnit.SECONDS).get(replica);
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
                assertThat(config.get("max.message.bytes").value()).isEqualTo("200000");
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
                assertThat(config.get("message.timestamp.type").value()).isEqualTo("CreateTime");
            }
        }
    }

    @Test
    void prometheusMetricsCountCopiedRecordsAndSyncPointAge() throws Exception {
        String topic = TestTopics.randomName("metrics");
        createTopic(topic, 1, Map.of());
        produce(sampleRecords(topic, 30).stream().map(r -> new ProducerRecord<>(topic, 0, r.timestamp(), r.key(),
                r.value())).toList());
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MetricsServer server = new MetricsServer(registry, 0);
             RunningReplicator ignored = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                     List.of(flow), store, registry)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    http.send(scrape, HttpResponse.BodyHandlers.ofString()).body())
                    .contains("tandem_replicated_records_total{flow=\"" + flow.name() + "\"} 30.0")
                    .containsPattern("tandem_last_sync_point_age_seconds\\{flow=\"" + flow.name() + "\"} [0-9.]+")
                    .contains("tandem_replication_lag_records{flow=\"" + flow.name() + "\"} 0.0"));
        }
    }

    private static String describe(ConsumerRecord<byte[], byte[]> r, boolean dropProvenance) {
        List<String> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            if (!(dropProvenance && h.key().equals(Provenance.HEADER))) {
                headers.add(h.key() + "=" + Arrays.toString(h.value()));
            }
        }
        return Arrays.toString(r.key()) + "|" + Arrays.toString(r.value()) + "|" + headers + "|" + r.timestamp();
    }

    private static List<ProducerRecord<byte[], byte[]>> sampleRecords(String topic, int count) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        long baseTime = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < count; i++) {
            RecordHeaders headers = new RecordHeaders();
            if (i % 3 == 0) {
                headers.add("trace", ("t" + i).getBytes(StandardCharsets.UTF_8));
                headers.add("trace", null);
            }
            byte[] key = i % 4 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 10 == 9 ? null : new byte[] {(byte) i, 0, (byte) 0xff, (byte) (i >> 3)};
            records.add(new ProducerRecord<>(topic, i % 3, baseTime + i * 1000L, key, value, headers));
        }
        return records;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String key, String value) {
        return new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
        TopicData.create(clusters.east().spec(), topic, partitions, configs);
    }

    static void produce(List<ProducerRecord<byte[], byte[]>> records) {
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(clusters.east().spec(), Map.of())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }
}
