package dev.tandem.it.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.CliRun;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TandemProcess;
import dev.tandem.it.support.TestPlaybooks;
import dev.tandem.it.support.TopicData;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.playbook.ClientRole;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.store.SyncPointRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** {@code tandem compare} on real replicas: a faithful copy, and a changed, a deleted and planted records found exactly. */
class CompareIT extends ReplicationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The records' timestamps: recent. Timestamps older than the brokers' 7-day retention (they were
     * fixed in 2023) let the retention check delete the source's records in the middle of a test,
     * at random: the comparison then had nothing left to compare.
     */
    private static final long TIMESTAMP_BASE = System.currentTimeMillis() - Duration.ofHours(1).toMillis();

    @Test
    void findsTheExactPartitionAndOffsetOfAChangedADeletedAndPlantedRecordsAndPassesAFaithfulCopy() throws Exception {
        String faithful = TestTopics.randomName("faithful");
        String damaged = TestTopics.randomName("damaged");
        TopicData.create(clusters.east().spec(), faithful, 2, Map.of());
        TopicData.create(clusters.east().spec(), damaged, 3, Map.of());
        produce(clusters.east().spec(), faithful, 0, 0, 100, null);
        produce(clusters.east().spec(), faithful, 1, 0, 100, null);
        produce(clusters.east().spec(), damaged, 0, 0, 50, null);
        produce(clusters.east().spec(), damaged, 1, 0, 100, null);
        produce(clusters.east().spec(), damaged, 2, 0, 100, 50); // offset 50 is keyed tamper-me
        Flow flow = RunningReplicator.flow(TestTopics.randomName("compared"), "east", "west",
                faithful + "|" + damaged, Naming.PREFIX);
        String replica = "east." + damaged;
        try (RunningReplicator replicator = new RunningReplicator(tamperingPlaybook(flow), List.of(flow), store)) {
            awaitReplicated(flow, faithful, Map.of(0, 100L, 1, 100L));
            awaitReplicated(flow, damaged, Map.of(0, 50L, 1, 100L, 2, 100L));
            // Three duplicates planted on the replica of partition 0 (target offsets 50..52), then more records.
            produce(clusters.west().spec(), replica, 0, 10, 3, null);
            produce(clusters.east().spec(), damaged, 0, 50, 50, null);
            awaitReplicated(flow, damaged, Map.of(0, 100L));
        }
        // The first 10 copies of partition 1 deleted from the replica.
        try (Admin west = CLIENTS.admin(clusters.west().spec())) {
            west.deleteRecords(Map.of(new TopicPartition(replica, 1), RecordsToDelete.beforeOffset(10))).all().get();
        }
        Path playbook = TestPlaybooks.write(WORK, clusters, storeUrl,
                "flows:",
                "  - name: " + flow.name(),
                "    source: east",
                "    target: west",
                "    topics: { include: [\"" + faithful + "\", \"" + damaged + "\"] }");

        CliRun same = CliRun.of("compare", playbook.toString(), "--flow", flow.name(), "--topic", faithful,
                "--output", "json");
        CliRun different = CliRun.of("compare", playbook.toString(), "--flow", flow.name(), "--topic", damaged,
                "--output", "json");
        CliRun text = CliRun.of("compare", playbook.toString(), "--flow", flow.name(), "--topic", damaged);
        // The records were written with timestamps an hour back: --since picks them by time.
        CliRun sinceTwoHours = CliRun.of("compare", playbook.toString(), "--flow", flow.name(), "--topic", faithful,
                "--since", "2h", "--output", "json");
        CliRun sinceHalfAnHour = CliRun.of("compare", playbook.toString(), "--flow", flow.name(), "--topic", faithful,
                "--since", "30m", "--output", "json");
        CliRun fromOffset = CliRun.of("compare", playbook.toString(), "--flow", flow.name(), "--topic", damaged,
                "--partition", "2", "--from-offset", "40", "--output", "json");

        assertThat(same.exitCode()).as(same.err()).isZero();
        JsonNode equal = JSON.readTree(same.out());
        assertThat(equal.path("same").asBoolean()).isTrue();
        assertThat(equal.path("totals").path("compared").asLong()).isEqualTo(200);
        assertThat(equal.path("totals").path("equal").asLong()).isEqualTo(200);

        assertThat(sinceTwoHours.exitCode()).as(sinceTwoHours.out() + sinceTwoHours.err()).isZero();
        assertThat(JSON.readTree(sinceTwoHours.out()).path("totals").path("compared").asLong()).isEqualTo(200);
        assertThat(sinceHalfAnHour.exitCode()).as(sinceHalfAnHour.out() + sinceHalfAnHour.err()).isZero();
        assertThat(JSON.readTree(sinceHalfAnHour.out()).path("totals").path("compared").asLong())
                .as("nothing was written in the last 30 minutes").isZero();

        assertThat(different.exitCode()).as(different.out() + different.err()).isEqualTo(1);
        JsonNode report = JSON.readTree(different.out());
        assertThat(report.path("same").asBoolean()).isFalse();
        JsonNode planted = report.path("partitions").get(0);
        assertThat(planted.path("partition").asInt()).isZero();
        assertThat(planted.path("equal").asLong()).isEqualTo(100);
        assertThat(planted.path("extra").asLong()).isEqualTo(3);
        assertThat(planted.path("firstExtra").path("targetOffset").asLong()).isEqualTo(50);
        assertThat(planted.path("missing").asLong()).isZero();
        assertThat(planted.path("mismatched").asLong()).isZero();
        JsonNode deleted = report.path("partitions").get(1);
        assertThat(deleted.path("missing").asLong()).isEqualTo(10);
        assertThat(deleted.path("equal").asLong()).isEqualTo(90);
        assertThat(deleted.path("firstMissing").path("sourceOffset").asLong()).isZero();
        assertThat(deleted.path("firstMissing").path("targetOffset").asLong()).isZero();
        assertThat(deleted.path("extra").asLong()).isZero();
        JsonNode changed = report.path("partitions").get(2);
        assertThat(changed.path("mismatched").asLong()).isEqualTo(1);
        assertThat(changed.path("equal").asLong()).isEqualTo(99);
        assertThat(changed.path("firstMismatch").path("sourceOffset").asLong()).isEqualTo(50);
        assertThat(changed.path("firstMismatch").path("targetOffset").asLong()).isEqualTo(50);
        assertThat(changed.path("firstMismatch").path("field").asText()).isEqualTo("value");

        assertThat(text.exitCode()).as(text.out() + text.err()).isEqualTo(1);
        assertThat(text.out()).contains("first mismatch: source offset 50 and its copy at target offset 50 differ in value")
                .contains("first missing: source offset 0 has no copy at target offset 0")
                .contains("first extra: target offset 50 is a copy of no compared source record")
                .contains("DIFFERENT: 300 records compared in 3 partitions, 289 equal, 10 missing, 3 extra, 1 mismatched");

        assertThat(fromOffset.exitCode()).as(fromOffset.out() + fromOffset.err()).isEqualTo(1);
        JsonNode part = JSON.readTree(fromOffset.out());
        assertThat(part.path("partitions")).hasSize(1);
        assertThat(part.path("partitions").get(0).path("fromOffset").asLong()).isEqualTo(40);
        assertThat(part.path("partitions").get(0).path("compared").asLong()).isEqualTo(60);
        assertThat(part.path("partitions").get(0).path("mismatched").asLong()).isEqualTo(1);

        // Five more records while the replicator is stopped: not replicated, so not proven the same.
        produce(clusters.east().spec(), faithful, 1, 100, 5, null);
        CliRun behind = CliRun.of("compare", playbook.toString(), "--flow", flow.name(), "--topic", faithful,
                "--timeout", "1s", "--output", "json");
        assertThat(behind.exitCode()).as(behind.out() + behind.err()).isEqualTo(1);
        JsonNode notReplicated = JSON.readTree(behind.out());
        assertThat(notReplicated.path("totals").path("notReplicated").asLong()).isEqualTo(5);
        assertThat(notReplicated.path("totals").path("equal").asLong()).isEqualTo(200);
        assertThat(notReplicated.path("totals").path("missing").asLong()).isZero();
    }

    @Test
    void aTopicTheFlowDoesNotReplicateIsAUsageError() throws Exception {
        Path playbook = TestPlaybooks.write(WORK, clusters, storeUrl,
                "flows:",
                "  - name: narrow",
                "    source: east",
                "    target: west",
                "    topics: { include: [\"only-this\"] }");

        CliRun run = CliRun.of("compare", playbook.toString(), "--flow", "narrow", "--topic", "other");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--topic other: not a topic flow narrow replicates from east");
    }

    @Test
    void comparesAMillionRecordPartitionInASmallHeap() throws Exception {
        String topic = TestTopics.randomName("million");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(clusters.east().spec(), topic, 0, 0, 1_000_000, null);
        Flow flow = RunningReplicator.flow(TestTopics.randomName("million"), "east", "west", topic, Naming.PREFIX);
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            awaitReplicated(flow, topic, Map.of(0, 1_000_000L));
        }
        Path playbook = TestPlaybooks.write(WORK, clusters, storeUrl,
                "flows:",
                "  - name: " + flow.name(),
                "    source: east",
                "    target: west",
                "    topics: { include: [\"" + topic + "\"] }");

        // 2 x 1,000,000 records of about 120 bytes do not fit in 64 MB: only streaming passes.
        TandemProcess.Finished run = TandemProcess.run(WORK, Duration.ofMinutes(3), List.of("-Xmx64m"),
                "compare", playbook.toString(), "--flow", flow.name(), "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("totals").path("compared").asLong()).isEqualTo(1_000_000);
        assertThat(report.path("totals").path("equal").asLong()).isEqualTo(1_000_000);
    }

    /** The replicator's producer on west goes through {@link TamperingInterceptor}. */
    private static Playbook tamperingPlaybook(Flow flow) {
        ClusterSpec west = clusters.west().spec();
        Map<ClientRole, Map<String, String>> roles = new EnumMap<>(ClientRole.class);
        roles.putAll(west.roles());
        Map<String, String> producer = new LinkedHashMap<>(roles.getOrDefault(ClientRole.PRODUCER, Map.of()));
        producer.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, TamperingInterceptor.class.getName());
        roles.put(ClientRole.PRODUCER, producer);
        Map<String, ClusterSpec> specs = new LinkedHashMap<>();
        specs.put("east", clusters.east().spec());
        specs.put("west", new ClusterSpec("west", west.bootstrap(), west.properties(), roles));
        return new Playbook(specs, StoreSpec.defaultStore(), List.of(flow));
    }

    private static void awaitReplicated(Flow flow, String topic, Map<Integer, Long> ends) {
        SyncPointRepository syncPoints = new SyncPointRepository(store.jdbi());
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            Map<Integer, ReplicationPosition> positions = syncPoints.positions(flow.name()).getOrDefault(topic, Map.of());
            return ends.entrySet().stream().allMatch(e -> positions.containsKey(e.getKey())
                    && positions.get(e.getKey()).nextSourceOffset() >= e.getValue());
        });
    }

    /** Records {@code key-N}/{@code value-N} for N from {@code from}; the one at {@code tamperedAt} keyed tamper-me. */
    private static void produce(ClusterSpec cluster, String topic, int partition, int from, int count,
                                Integer tamperedAt) {
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(cluster, Map.of(ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1))) {
            byte[] padding = new byte[100];
            for (int i = from; i < from + count; i++) {
                byte[] key = tamperedAt != null && i == tamperedAt ? TamperingInterceptor.KEY_BYTES
                        : ("key-" + i).getBytes(StandardCharsets.UTF_8);
                byte[] value = ("value-" + i + "-").getBytes(StandardCharsets.UTF_8);
                byte[] padded = java.util.Arrays.copyOf(value, value.length + padding.length);
                producer.send(new ProducerRecord<>(topic, partition, TIMESTAMP_BASE + i, key, padded), (m, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        assertThat(failed.get()).as("writing to " + topic).isNull();
    }
}
