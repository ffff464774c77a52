package dev.tandem.playbook.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.Playbook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
