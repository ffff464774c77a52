package dev.tandem.it.replication;

import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TopicData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCli;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.replicator.copy.FlowClients;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** Replication never loops between two clusters, and never runs when both ends are one cluster. */
class LoopsAndSafetyIT extends ReplicationTestBase {

    @Test
    void opposingFlowsWithIdentityNamingDoNotLoop() throws Exception {
        String topic = TestTopics.randomName("both-ways");
        for (ClusterSpec cluster : List.of(clusters.east().spec(), clusters.west().spec())) {
            try (Admin admin = CLIENTS.admin(cluster)) {
                admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        }
        produce(clusters.east().spec(), topic, "east", 40);
        produce(clusters.west().spec(), topic, "west", 25);
        Flow eastToWest = RunningReplicator.flow(TestTopics.randomName("e2w"), "east", "west", topic, Naming.IDENTITY);
        Flow westToEast = RunningReplicator.flow(TestTopics.randomName("w2e"), "west", "east", topic, Naming.IDENTITY);
        List<Flow> flows = List.of(eastToWest, westToEast);

        try (RunningReplicator ignored = new RunningReplicator(RunningReplicator.playbook(clusters, flows), flows, store)) {
            // Caught up = each flow's group committed the source's end offsets: every record was looked at.
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(TopicData.count(clusters.east().spec(), topic)).isGreaterThanOrEqualTo(65);
                assertThat(TopicData.count(clusters.west().spec(), topic)).isGreaterThanOrEqualTo(65);
                assertThat(committed(clusters.east().spec(), eastToWest)).isEqualTo(TopicData.endOffsets(clusters.east().spec(), topic));
                assertThat(committed(clusters.west().spec(), westToEast)).isEqualTo(TopicData.endOffsets(clusters.west().spec(), topic));
            });

            assertThat(TopicData.count(clusters.east().spec(), topic)).isEqualTo(65);
            assertThat(TopicData.count(clusters.west().spec(), topic)).isEqualTo(65);
        }
    }

    @Test
    void twoAliasesOfOneClusterAreRefusedWithExitFour() throws Exception {
        int port = Integer.parseInt(clusters.east().bootstrap().replaceFirst(".*:", ""));
        String host = clusters.east().bootstrap().replaceFirst(":\\d+$", "");
        Path playbook = Files.createTempFile(WORK, "same-cluster", ".yaml");
        Files.writeString(playbook, """
                clusters:
                  east: { bootstrap: "%s:%d" }
                  also-east: { bootstrap: "localhost:%d" }
                store: { jdbc-url: "jdbc:h2:file:%s" }
                flows:
                  - name: loop
                    source: east
                    target: also-east
                    topics: { include: [".*"] }
                """.formatted(host, port, port, WORK.toAbsolutePath().resolve(TestTopics.randomName("same-cluster-store"))));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = TandemCli.run(new PrintWriter(out), new PrintWriter(err), System::getenv, "replicate", playbook.toString());

        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).contains("flow loop: source east", "and target also-east (localhost:" + port + ")",
                "are the same Kafka cluster (ID " + clusters.east().clusterId() + ")");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void anUnreachableClusterFailsWithExitFiveNamingIt() throws Exception {
        Path playbook = Files.createTempFile(WORK, "unreachable", ".yaml");
        Files.writeString(playbook, """
                clusters:
                  east: { bootstrap: "%s" }
                  gone: { bootstrap: "127.0.0.1:1", properties: { default.api.timeout.ms: "3000", request.timeout.ms: "1000" } }
                store: { jdbc-url: "jdbc:h2:file:%s" }
                flows:
                  - name: to-nowhere
                    source: east
                    target: gone
                    topics: { include: [".*"] }
                """.formatted(clusters.east().bootstrap(), WORK.toAbsolutePath().resolve(TestTopics.randomName("unreachable-store"))));
        StringWriter err = new StringWriter();

        int code = TandemCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), System::getenv, "replicate",
                playbook.toString());

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString()).startsWith("tandem: describe cluster on gone (127.0.0.1:1)");
    }

    @Test
    void aRecordTheTargetRefusesAsTooLargeStopsTheFlowNamingItAndWhatToRaise() throws Exception {
        String topic = TestTopics.randomName("large");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        // 1,048,500 bytes fit the brokers' default limit (1,048,588 per batch) on east; the copy,
        // 37 bytes of provenance header larger, does not fit the same limit on west.
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(clusters.east().spec(),
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024))) {
            producer.send(new ProducerRecord<>(topic, 0, null, "small".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(topic, 0, null, new byte[1_048_500])).get();
        }
        String flow = TestTopics.randomName("flow");
        StringWriter err = new StringWriter();

        int code = replicate(flow, topic, err);

        assertThat(code).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(err.toString()).startsWith("tandem: flow " + flow + ": record " + topic + "-0 offset 1 (1048500 bytes)"
                + " is larger than west accepts for east." + topic + ": raise max.message.bytes of topic east." + topic
                + " on west (or message.max.bytes of its brokers)");
        assertThat(err.toString().lines()).hasSize(1);
        // Nothing skipped: the record before it is copied, and the flow's position stays on the refused record.
        assertThat(TopicData.count(clusters.west().spec(), "east." + topic)).isEqualTo(1);
        Flow asFlow = RunningReplicator.flow(flow, "east", "west", topic, Naming.PREFIX);
        assertThat(committed(clusters.east().spec(), asFlow)).containsEntry(new TopicPartition(topic, 0), 1L);
    }

    @Test
    void aTargetWhoseAclsDenyWritingStopsTheFlowNamingClusterTopicAndOperation() throws Exception {
        String topic = TestTopics.randomName("denied-write");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(clusters.east().spec(), topic, "r", 3);
        // On west the replica may be created and described, never written.
        List<AclBinding> acls = onlyDenied("east." + topic, AclOperation.WRITE);
        withAcls(clusters.west().spec(), acls, () -> {
            StringWriter err = new StringWriter();
            int code = replicate(topic, err);

            assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(err.toString()).contains(": record " + topic + "-0 offset 0: not authorized to WRITE topic east."
                    + topic + " on west");
            assertThat(err.toString().lines()).hasSize(1);
        });
    }

    @Test
    void aSourceWhoseAclsDenyReadingStopsTheFlowNamingClusterTopicAndOperation() throws Exception {
        String topic = TestTopics.randomName("denied-read");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(clusters.east().spec(), topic, "r", 3);
        withAcls(clusters.east().spec(), onlyDenied(topic, AclOperation.READ), () -> {
            StringWriter err = new StringWriter();
            int code = replicate(topic, err);

            assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(err.toString()).contains(": not authorized to READ topic(s) " + topic + " on east ("
                    + clusters.east().bootstrap() + ")");
            assertThat(err.toString().lines()).hasSize(1);
        });
        assertThat(TopicData.count(clusters.west().spec(), "east." + topic)).as("nothing copied").isZero();
    }

    @Test
    void aTargetWhoseAclsDenyTransactionsRefusesAnExactlyOnceFlowAtStart() throws Exception {
        String topic = TestTopics.randomName("denied-txn");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(clusters.east().spec(), topic, "r", 3);
        String flow = TestTopics.randomName("flow");
        ResourcePattern ids = new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "tandem." + flow + ":",
                PatternType.PREFIXED);
        withAcls(clusters.west().spec(), onlyDenied(ids, AclOperation.WRITE), () -> {
            StringWriter err = new StringWriter();
            int code = replicate(flow, topic, ", delivery: exactly-once", err);

            assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(err.toString()).contains("flow " + flow + ": not authorized to WRITE transactional id tandem."
                    + flow + ":preflight on west (" + clusters.west().bootstrap() + ") (exactly-once delivery: grant the"
                    + " replicator's principal WRITE and DESCRIBE on TRANSACTIONAL_ID with the prefix tandem." + flow + ":)");
            assertThat(err.toString().lines()).hasSize(1);
        });
        assertThat(TopicData.count(clusters.west().spec(), "east." + topic)).as("nothing copied").isZero();
    }

    @Test
    void aTargetWhoseAclsDenyThePositionsGroupStopsAnExactlyOnceFlowAtItsFirstCommitNamingTheGroup() throws Exception {
        String topic = TestTopics.randomName("denied-group");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(clusters.east().spec(), topic, "r", 3);
        String flow = TestTopics.randomName("flow");
        String group = "tandem.replicator." + flow;
        ResourcePattern positions = new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL);
        withAcls(clusters.west().spec(), onlyDenied(positions, AclOperation.READ), () -> {
            StringWriter err = new StringWriter();
            int code = replicate(flow, topic, ", delivery: exactly-once", err);

            assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(err.toString()).contains("flow " + flow + ": not authorized to READ group " + group + " on west"
                    + " (exactly-once delivery commits each transaction's source positions"
                    + " as offsets of that group on the target: grant the replicator's principal READ and DESCRIBE on"
                    + " GROUP " + group + ")");
            assertThat(err.toString().lines()).hasSize(1);
        });
        // read_committed: the copies were written in the transaction the refusal aborted
        assertThat(TopicData.readAll(clusters.west().spec(), "east." + topic, 0)).as("nothing committed").isEmpty();
    }

    /** ACLs for the sandbox's one principal on a topic: everything allowed but {@code denied}. */
    private static List<AclBinding> onlyDenied(String topic, AclOperation denied) {
        return onlyDenied(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), denied);
    }

    /** ACLs for the sandbox's one principal on {@code resource}: everything allowed but {@code denied}. */
    private static List<AclBinding> onlyDenied(ResourcePattern resource, AclOperation denied) {
        return List.of(new AclBinding(resource, new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.ALL,
                        AclPermissionType.ALLOW)),
                new AclBinding(resource, new AccessControlEntry("User:ANONYMOUS", "*", denied, AclPermissionType.DENY)));
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void withAcls(ClusterSpec cluster, List<AclBinding> acls, Check check) throws Exception {
        try (Admin admin = CLIENTS.admin(cluster)) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            // The broker's authorizer answers describeAcls: once it lists them, it enforces them.
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeAcls(acls.get(0).toFilter()).values()
                    .get(30, TimeUnit.SECONDS).size() == 1 && admin.describeAcls(acls.get(1).toFilter()).values()
                    .get(30, TimeUnit.SECONDS).size() == 1);
            try {
                check.run();
            } finally {
                admin.deleteAcls(acls.stream().map(AclBinding::toFilter).toList()).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs {@code tandem replicate} for one topic until it stops by itself (at most two minutes); its exit code. */
    private int replicate(String topic, StringWriter err) throws Exception {
        return replicate(TestTopics.randomName("flow"), topic, err);
    }

    private int replicate(String flow, String topic, StringWriter err) throws Exception {
        return replicate(flow, topic, "", err);
    }

    /** @param flowKeys more keys of the flow's YAML flow mapping, each after a comma */
    private int replicate(String flow, String topic, String flowKeys, StringWriter err) throws Exception {
        Path playbook = dev.tandem.it.support.TestPlaybooks.write(WORK, clusters, storeUrl, "flows:",
                "  - { name: " + flow + ", source: east, target: west, topics: { include: [\"" + topic + "\"] }"
                        + flowKeys + " }");
        return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () ->
                TandemCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), System::getenv, "replicate",
                        playbook.toString()));
    }

    private static Map<TopicPartition, Long> committed(ClusterSpec source, Flow flow) throws Exception {
        try (Admin admin = CLIENTS.admin(source)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(FlowClients.groupId(flow))
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                    e -> e.getValue().offset()));
        }
    }

    private static void produce(ClusterSpec cluster, String topic, String label, int count) {
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(cluster, Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, (label + i).getBytes(StandardCharsets.UTF_8),
                        ("from " + label).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
