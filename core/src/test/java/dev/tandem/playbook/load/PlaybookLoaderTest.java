package dev.tandem.playbook.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import dev.tandem.playbook.ClientRole;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.Playbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {

    private static final String MINIMAL = """
            clusters:
              east: { bootstrap: "127.0.0.1:19092" }
              west: { bootstrap: "127.0.0.1:29092" }
            flows:
              - name: east-to-west
                source: east
                target: west
                topics: { include: ["orders.*"] }
            """;

    private final PlaybookLoader loader = new PlaybookLoader(Map.<String, String>of()::get, schedule -> java.util.Optional.empty());

    @Test
    void sandboxPlaybookLoadsIntoRecords() {
        Playbook playbook = loader.load(Path.of("../playbooks/sandbox.yaml"));

        assertThat(playbook.clusters()).containsOnlyKeys("east", "west");
        assertThat(playbook.cluster("west").bootstrap()).isEqualTo("127.0.0.1:29092");
        Flow flow = playbook.flow("east-to-west").orElseThrow();
        assertThat(flow.source()).isEqualTo("east");
        assertThat(flow.target()).isEqualTo("west");
        assertThat(flow.naming()).isEqualTo(Naming.PREFIX);
        assertThat(flow.targetTopic("orders")).isEqualTo("east.orders");
        assertThat(playbook.flow("west-to-east").orElseThrow().targetTopic("orders")).isEqualTo("west.orders");
    }

    @Test
    void omittedSettingsTakeTheDocumentedDefaults() {
        Flow flow = loader.parse(MINIMAL, "minimal.yaml").flows().get(0);

        assertThat(flow.naming()).isEqualTo(Naming.PREFIX);
        assertThat(flow.groups().matches("any-group")).isTrue();
        assertThat(flow.topicRefresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(flow.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(flow.replicationFactor()).isEmpty();
        assertThat(flow.syncGroupOffsets()).isFalse();
        assertThat(flow.delivery()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(flow.commitInterval()).isEmpty();
    }

    @Test
    void anExactlyOnceFlowTakesItsTransactionLengthFromCommitInterval() {
        Flow flow = loader.parse(MINIMAL + "    delivery: exactly-once\n    commit-interval: 250ms\n", "eos.yaml")
                .flows().get(0);

        assertThat(flow.delivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(flow.commitInterval()).contains(Duration.ofMillis(250));
        // the at-least-once bound does not apply: a long interval there only means more copied again after a crash
        assertThat(loader.parse(MINIMAL + "    commit-interval: 2m\n", "alo.yaml").flows().get(0).commitInterval())
                .contains(Duration.ofMinutes(2));
    }

    @Test
    void maxBytesPerSecondReadsDecimalAndBinaryUnits() {
        assertThat(loader.parse(MINIMAL, "none.yaml").flows().get(0).maxBytesPerSecond()).isEmpty();
        for (var c : java.util.Map.of("20MB", 20_000_000L, "1.5GB", 1_500_000_000L, "512KiB", 524_288L,
                "2MiB", 2_097_152L, "1048576", 1_048_576L, "64KB", 64_000L).entrySet()) {
            assertThat(loader.parse(MINIMAL + "    max-bytes-per-second: " + c.getKey() + "\n", "rate.yaml").flows()
                    .get(0).maxBytesPerSecond()).as(c.getKey()).hasValue(c.getValue());
        }
        for (String bad : java.util.List.of("20 megabytes", "-5MB", "100", "1.5", "20mb")) {
            assertThatThrownBy(() -> loader.parse(MINIMAL + "    max-bytes-per-second: " + bad + "\n", "bad.yaml"))
                    .as(bad).hasMessageContaining("flows[0].max-bytes-per-second: invalid max-bytes-per-second");
        }
    }

    @Test
    void syncAclsIsOffByDefaultAndReadsFalseReadAndAll() {
        assertThat(loader.parse(MINIMAL, "none.yaml").flows().get(0).syncAcls()).isEqualTo(dev.tandem.playbook.AclSync.OFF);
        for (var c : java.util.Map.of("false", dev.tandem.playbook.AclSync.OFF, "read", dev.tandem.playbook.AclSync.READ,
                "all", dev.tandem.playbook.AclSync.ALL).entrySet()) {
            assertThat(loader.parse(MINIMAL + "    sync-acls: " + c.getKey() + "\n", "acls.yaml").flows().get(0)
                    .syncAcls()).as(c.getKey()).isEqualTo(c.getValue());
        }
        assertThatThrownBy(() -> loader.parse(MINIMAL + "    sync-acls: true\n", "bad.yaml"))
                .hasMessageContaining("flows[0].sync-acls: invalid sync-acls 'true' (expected one of: false, read, all)");
    }

    @Test
    void topicPatternsMatchWholeNamesAndExcludesWin() {
        Flow flow = loader.parse(MINIMAL.replace("[\"orders.*\"] }", "[\"orders.*\"], exclude: [\".*tmp\"] }"),
                "p.yaml").flows().get(0);

        assertThat(flow.topics().matches("orders")).isTrue();
        assertThat(flow.topics().matches("orders.eu")).isTrue();
        assertThat(flow.topics().matches("my-orders")).isFalse();
        assertThat(flow.topics().matches("orders.tmp")).isFalse();
    }

    @Test
    void environmentReferencesAreResolvedAnywhereInAString() {
        PlaybookLoader withEnv = new PlaybookLoader(Map.of("EAST_HOST", "kafka-1", "EAST_PORT", "9093")::get, schedule -> java.util.Optional.empty());

        Playbook playbook = withEnv.parse(MINIMAL.replace("127.0.0.1:19092", "${env:EAST_HOST}:${env:EAST_PORT}"),
                "p.yaml");

        assertThat(playbook.cluster("east").bootstrap()).isEqualTo("kafka-1:9093");
    }

    @Test
    void secretPropertiesAreMaskedWhenAClusterIsPrinted() {
        String text = MINIMAL.replace("east: { bootstrap: \"127.0.0.1:19092\" }", """
                east:
                    bootstrap: "127.0.0.1:19092"
                    properties:
                      sasl.jaas.config: "${env:JAAS}"
                      ssl.truststore.password: hunter2
                      security.protocol: SASL_SSL
                """);
        PlaybookLoader withEnv = new PlaybookLoader(Map.of("JAAS", "PlainLoginModule password=\"s3cr3t\";")::get, schedule -> java.util.Optional.empty());

        ClusterSpec east = withEnv.parse(text, "p.yaml").cluster("east");

        assertThat(east.clientConfig()).containsEntry("ssl.truststore.password", "hunter2");
        assertThat(east.toString()).contains("security.protocol=SASL_SSL", "sasl.jaas.config=****")
                .doesNotContain("s3cr3t", "hunter2");
    }

    @Test
    void everyErrorIsReportedInLineOrderNotJustTheFirst() {
        String text = MINIMAL.replace("target: west", "target: wset\n    naming: sideways")
                .replace("orders.*", "orders(");

        assertThatThrownBy(() -> loader.parse(text, "p.yaml"))
                .isInstanceOf(InvalidPlaybookException.class)
                .extracting(e -> ((InvalidPlaybookException) e).formattedErrors(), LIST)
                .containsExactly(
                        "p.yaml:7: flows[0].target: unknown cluster 'wset' (known: east, west)",
                        "p.yaml:8: flows[0].naming: invalid naming 'sideways' (expected one of: prefix, identity)",
                        "p.yaml:9: flows[0].topics.include[0]: invalid regex \"orders(\": Unclosed group near index 7");
    }

    @Test
    void secretValuesNeverAppearInErrors() {
        String text = MINIMAL.replace("east: { bootstrap: \"127.0.0.1:19092\" }", """
                east:
                    bootstrap: "127.0.0.1:19092"
                    properties:
                      sasl.jaas.config: { password: hunter2 }
                """);

        assertThatThrownBy(() -> loader.parse(text, "p.yaml"))
                .hasMessageContaining("properties[sasl.jaas.config]: expected a string, found a mapping")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aRolesSettingsOverrideThePropertiesForThatKindOfClientOnly() {
        String text = MINIMAL.replace("east: { bootstrap: \"127.0.0.1:19092\" }", """
                east:
                    bootstrap: "127.0.0.1:19092"
                    properties: { request.timeout.ms: "20000", client.rack: "dc1" }
                    producer: { request.timeout.ms: "60000", linger.ms: "50" }
                    consumer: { fetch.min.bytes: "1024" }
                    admin: { default.api.timeout.ms: "15000" }
                """);

        ClusterSpec east = loader.parse(text, "p.yaml").cluster("east");

        assertThat(east.clientConfig(ClientRole.PRODUCER)).containsEntry("request.timeout.ms", "60000")
                .containsEntry("linger.ms", "50").containsEntry("client.rack", "dc1")
                .containsEntry("bootstrap.servers", "127.0.0.1:19092").doesNotContainKey("fetch.min.bytes");
        assertThat(east.clientConfig(ClientRole.CONSUMER)).containsEntry("request.timeout.ms", "20000")
                .containsEntry("fetch.min.bytes", "1024").doesNotContainKey("linger.ms");
        assertThat(east.clientConfig(ClientRole.ADMIN)).containsEntry("default.api.timeout.ms", "15000")
                .containsEntry("request.timeout.ms", "20000").doesNotContainKeys("linger.ms", "fetch.min.bytes");
    }

    @Test
    void aRolesMapAcceptsOnlyThatClientsSettings() {
        String text = MINIMAL.replace("east: { bootstrap: \"127.0.0.1:19092\" }", """
                east:
                    bootstrap: "127.0.0.1:19092"
                    producer: { fetch.min.bytes: "1024", acks: "all" }
                    admin: { lingerms: "5" }
                """);

        assertThatThrownBy(() -> loader.parse(text, "p.yaml")).isInstanceOf(InvalidPlaybookException.class)
                .extracting(e -> ((InvalidPlaybookException) e).formattedErrors(), LIST).containsExactly(
                        "p.yaml:4: clusters.east.producer[fetch.min.bytes]: unknown Kafka producer setting "
                                + "'fetch.min.bytes' (producer clients have no such config)",
                        "p.yaml:5: clusters.east.admin.lingerms: unknown Kafka admin setting 'lingerms' "
                                + "(admin clients have no such config)");
    }

    @Test
    void fileReferencesReadAWholeFileOrOneKeyRelativeToThePlaybooksFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("password.txt"), "  s3cr3t-from-file\n");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/east.properties"), "# east\nuser=replicator\npassword=p@ss:word\n");
        String text = MINIMAL.replace("east: { bootstrap: \"127.0.0.1:19092\" }", """
                east:
                    bootstrap: "127.0.0.1:19092"
                    properties:
                      ssl.truststore.password: "${file:password.txt}"
                      sasl.jaas.config: 'x username="${file:secrets/east.properties:user}" password="${file:%s:password}";'
                """.formatted(dir.resolve("secrets/east.properties")));
        Path playbook = dir.resolve("p.yaml");
        Files.writeString(playbook, text);

        ClusterSpec east = loader.load(playbook).cluster("east");

        assertThat(east.properties()).containsEntry("ssl.truststore.password", "s3cr3t-from-file")
                .containsEntry("sasl.jaas.config", "x username=\"replicator\" password=\"p@ss:word\";");
    }

    @Test
    void aMissingFileOrKeyIsAnErrorNamingItNeverTheFilesContent(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("east.properties"), "password=hunter2\n");
        String text = MINIMAL.replace("east: { bootstrap: \"127.0.0.1:19092\" }", """
                east:
                    bootstrap: "127.0.0.1:19092"
                    properties:
                      ssl.truststore.password: "${file:missing.txt}"
                      ssl.keystore.password: "${file:east.properties:pasword}"
                """);
        Path playbook = dir.resolve("p.yaml");
        Files.writeString(playbook, text);

        assertThatThrownBy(() -> loader.load(playbook)).isInstanceOf(InvalidPlaybookException.class)
                .hasMessageNotContaining("hunter2")
                .extracting(e -> ((InvalidPlaybookException) e).formattedErrors(), LIST).containsExactly(
                        playbook + ":5: clusters.east.properties[ssl.truststore.password]: file "
                                + dir.resolve("missing.txt") + " not found",
                        playbook + ":6: clusters.east.properties[ssl.keystore.password]: key pasword not found in file "
                                + dir.resolve("east.properties"));
    }

    @Test
    void anEmptyKeyOrAnUnclosedReferenceIsAnError() {
        String text = MINIMAL.replace("east: { bootstrap: \"127.0.0.1:19092\" }", """
                east:
                    bootstrap: "127.0.0.1:19092"
                    properties:
                      ssl.truststore.password: "${file:/etc/tandem/east.properties:}"
                      ssl.keystore.password: "${file:/etc/tandem/east.properties:password"
                """);

        assertThatThrownBy(() -> loader.parse(text, "p.yaml")).isInstanceOf(InvalidPlaybookException.class)
                .extracting(e -> ((InvalidPlaybookException) e).formattedErrors(), LIST).containsExactly(
                        "p.yaml:5: clusters.east.properties[ssl.truststore.password]: invalid file reference"
                                + " ${file:/etc/tandem/east.properties:} (a key after the colon, or no colon for the"
                                + " whole file)",
                        "p.yaml:6: clusters.east.properties[ssl.keystore.password]: unclosed reference ${file:..."
                                + " (expected ${file:...})");
    }
}
