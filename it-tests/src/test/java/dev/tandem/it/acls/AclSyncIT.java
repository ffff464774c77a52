package dev.tandem.it.acls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.it.clusters.ClusterSecurity;
import dev.tandem.it.clusters.OnClusters;
import dev.tandem.it.clusters.TestCluster;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.CliRun;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TandemProcess;
import dev.tandem.it.support.TestGroups;
import dev.tandem.it.support.TestPlaybooks;
import dev.tandem.it.support.TopicData;
import dev.tandem.playbook.AclSync;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.FlowStart;
import dev.tandem.playbook.NameFilter;
import dev.tandem.playbook.Naming;
import dev.tandem.sandbox.security.SandboxSecurity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * ACL sync on the secured pair (SASL_SSL, StandardAuthorizer, nothing open without an ACL): a
 * principal's LITERAL and PREFIXED ACLs appear on the target for the replica names, it can read the
 * replica there and cannot write it until {@code tandem migrate} grants WRITE; deny entries are
 * copied; ACLs made by others are left alone; a revoked source ACL is taken back.
 */
@OnClusters(ClusterSecurity.SASL_SSL)
class AclSyncIT extends ReplicationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SandboxSecurity secrets() {
        return clusters.security().orElseThrow();
    }

    private static Admin superUser(TestCluster cluster) {
        Map<String, Object> config = new HashMap<>(secrets().saslClient(SandboxSecurity.ADMIN));
        config.put("bootstrap.servers", cluster.bootstrap());
        return Admin.create(config);
    }

    /** Client settings of a user of the test's own, over the secured pair's SASL_SSL listener. */
    private static Map<String, Object> login(TestCluster cluster, String user, String password) {
        Map<String, Object> config = new HashMap<>(secrets().saslClient(SandboxSecurity.TANDEM));
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        config.put("bootstrap.servers", cluster.bootstrap());
        return config;
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal,
                                  AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, permission));
    }

    private static Set<AclBinding> aclsOn(TestCluster cluster) throws Exception {
        try (Admin admin = superUser(cluster)) {
            return Set.copyOf(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
        }
    }

    private static void grant(TestCluster cluster, Collection<AclBinding> acls) throws Exception {
        try (Admin admin = superUser(cluster)) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void revoke(TestCluster cluster, Collection<AclBinding> acls) throws Exception {
        try (Admin admin = superUser(cluster)) {
            admin.deleteAcls(acls.stream().map(AclBinding::toFilter).toList()).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPrincipalsReadAclsReachTheReplicasItCannotWriteUntilTheMigrationAndOthersAclsAreLeftAlone()
            throws Exception {
        String topic = TestTopics.randomName("ledger");
        String prefix = topic.substring(0, topic.length() - 3);
        String group = TestTopics.randomName("reader");
        String app = "app-" + UUID.randomUUID().toString().substring(0, 8);
        String appPassword = "pw-" + UUID.randomUUID();
        String principal = "User:" + app;
        String mallory = "User:mallory-" + app;
        String other = "User:other-" + app;
        String replica = "east." + topic;
        for (TestCluster cluster : List.of(clusters.east(), clusters.west())) {
            try (Admin admin = superUser(cluster)) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(app,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), appPassword)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
        AclBinding readTopic = acl(ResourceType.TOPIC, topic, PatternType.LITERAL, principal, AclOperation.READ,
                AclPermissionType.ALLOW);
        AclBinding describeTopic = acl(ResourceType.TOPIC, topic, PatternType.LITERAL, principal,
                AclOperation.DESCRIBE, AclPermissionType.ALLOW);
        AclBinding prefixedConfigs = acl(ResourceType.TOPIC, prefix, PatternType.PREFIXED, principal,
                AclOperation.DESCRIBE_CONFIGS, AclPermissionType.ALLOW);
        AclBinding writeTopic = acl(ResourceType.TOPIC, topic, PatternType.LITERAL, principal, AclOperation.WRITE,
                AclPermissionType.ALLOW);
        AclBinding denyMallory = acl(ResourceType.TOPIC, topic, PatternType.LITERAL, mallory, AclOperation.READ,
                AclPermissionType.DENY);
        AclBinding readGroup = acl(ResourceType.GROUP, group, PatternType.LITERAL, principal, AclOperation.READ,
                AclPermissionType.ALLOW);
        grant(clusters.east(), List.of(readTopic, describeTopic, prefixedConfigs, writeTopic, denyMallory, readGroup));
        AclBinding othersOnTarget = acl(ResourceType.TOPIC, replica, PatternType.LITERAL, other, AclOperation.READ,
                AclPermissionType.ALLOW);
        grant(clusters.west(), List.of(othersOnTarget));
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        TestGroups.produce(clusters, topic, 1, 10);
        TestGroups.consumeAndCommit(clusters, group, new TopicPartition(topic, 0), 4);

        Flow flow = new Flow(TestTopics.randomName("acls"), "east", "west",
                new NameFilter(List.of(Pattern.compile(Pattern.quote(topic))), List.of()), Naming.PREFIX,
                NameFilter.all(), OptionalInt.empty(), Duration.ofSeconds(1), Duration.ofSeconds(1), false,
                DeliveryGuarantee.AT_LEAST_ONCE, Optional.empty(), FlowStart.EARLIEST, OptionalLong.empty(),
                AclSync.ALL);
        Path playbook = TestPlaybooks.write(WORK, clusters, storeUrl, "flows:", "  - { name: " + flow.name()
                + ", source: east, target: west, topics: { include: [\"" + topic + "\"] }, topic-refresh: 1s,"
                + " sync-acls: all }");

        // Without ALTER on CLUSTER on west, Tandem may not create ACLs there: the start is refused, naming it.
        TandemProcess.Finished refused = TandemProcess.run(WORK, Duration.ofSeconds(90), List.of(), "replicate",
                playbook.toString(), "--no-progress");
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(5);
        assertThat(refused.err().lines().filter(l -> l.startsWith("tandem:"))).containsExactly(
                "tandem: not authorized to create ACLs on west: sync-acls needs ALTER on CLUSTER there for Tandem's"
                        + " principal");

        AclBinding alterCluster = acl(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL,
                "User:" + SandboxSecurity.TANDEM, AclOperation.ALTER, AclPermissionType.ALLOW);
        grant(clusters.west(), List.of(alterCluster));
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            AclBinding readReplica = acl(ResourceType.TOPIC, replica, PatternType.LITERAL, principal,
                    AclOperation.READ, AclPermissionType.ALLOW);
            AclBinding prefixedReplica = acl(ResourceType.TOPIC, "east." + prefix, PatternType.PREFIXED, principal,
                    AclOperation.DESCRIBE_CONFIGS, AclPermissionType.ALLOW);
            AclBinding writeReplica = acl(ResourceType.TOPIC, replica, PatternType.LITERAL, principal,
                    AclOperation.WRITE, AclPermissionType.ALLOW);
            List<AclBinding> expected = List.of(readReplica, prefixedReplica,
                    acl(ResourceType.TOPIC, replica, PatternType.LITERAL, principal, AclOperation.DESCRIBE,
                            AclPermissionType.ALLOW),
                    acl(ResourceType.TOPIC, replica, PatternType.LITERAL, mallory, AclOperation.READ,
                            AclPermissionType.DENY),
                    readGroup);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(aclsOn(clusters.west()))
                    .containsAll(expected).contains(othersOnTarget).doesNotContain(writeReplica));
            await().atMost(Duration.ofSeconds(60)).until(() -> TopicData.count(clusters.west().spec(), replica) == 10);

            // The principal reads the replica on west in its group, and may not write it yet.
            assertThat(readAs(clusters.west(), app, appPassword, group, replica)).isEqualTo(10);
            assertThatThrownBy(() -> write(clusters.west(), app, appPassword, replica))
                    .hasRootCauseInstanceOf(AuthorizationException.class);

            CliRun listed = CliRun.of("acls", playbook.toString(), "--flow", flow.name(), "--output", "json");
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            JsonNode plan = JSON.readTree(listed.out());
            assertThat(plan.path("create")).isEmpty();
            assertThat(plan.path("present")).extracting(a -> a.path("name").asText() + " " + a.path("operation").asText())
                    .contains(replica + " READ", "east." + prefix + " DESCRIBE_CONFIGS", group + " READ");
            assertThat(plan.path("notCopied")).anySatisfy(n -> {
                assertThat(n.path("principal").asText()).isEqualTo(principal);
                assertThat(n.path("operation").asText()).isEqualTo("WRITE");
                assertThat(n.path("reason").asText()).startsWith("WRITE is granted by tandem migrate at the cutover");
            });

            // Revoked on the source: taken back from west; the ACL someone else made there stays.
            revoke(clusters.east(), List.of(prefixedConfigs));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(aclsOn(clusters.west()))
                    .doesNotContain(prefixedReplica).contains(readReplica, othersOnTarget));

            // The cutover grants WRITE: the principal can now produce to the replica on west.
            CliRun migrated = CliRun.of("migrate", playbook.toString(), "--flow", flow.name(), "--group", group,
                    "--quiet-for", "1s", "--timeout", "60s", "--no-progress", "--output", "json");
            assertThat(migrated.exitCode()).as(migrated.out() + migrated.err()).isZero();
            JsonNode acls = JSON.readTree(migrated.out()).path("steps").get(5);
            assertThat(acls.path("status").asText()).isEqualTo("passed");
            assertThat(acls.path("detail").asText()).contains("WRITE ACLs granted on west: topic " + replica
                    + " (literal): " + principal + " from * ALLOW WRITE");
            assertThat(aclsOn(clusters.west())).contains(writeReplica);
            write(clusters.west(), app, appPassword, replica);
        } finally {
            revoke(clusters.west(), List.of(alterCluster));
        }
    }

    /** Reads the topic from its start as the user in the group, committing nothing: how many records came. */
    private static int readAs(TestCluster cluster, String user, String password, String group, String topic) {
        Map<String, Object> config = login(cluster, user, password);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            int[] read = {0};
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                read[0] += records.count();
                return read[0] >= 10;
            });
            return read[0];
        }
    }

    private static void write(TestCluster cluster, String user, String password, String topic)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Map<String, Object> config = login(cluster, user, password);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "written-by-the-app".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
