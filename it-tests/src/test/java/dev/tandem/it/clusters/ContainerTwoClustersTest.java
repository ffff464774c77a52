package dev.tandem.it.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * What the containers mode passes to its two KafkaContainers, checked without Docker: each must be
 * its own cluster (Tandem refuses to replicate a cluster onto itself) with ACLs enforced as locally.
 */
class ContainerTwoClustersTest {

    @Test
    void theTwoContainersGetDifferentValidClusterIds() {
        Map<String, String> east = ContainerTwoClusters.Settings.random().environment();
        Map<String, String> west = ContainerTwoClusters.Settings.random().environment();

        String eastId = east.get("CLUSTER_ID");
        String westId = west.get("CLUSTER_ID");

        assertThat(eastId).isNotBlank();
        assertThat(westId).isNotBlank().isNotEqualTo(eastId);
        assertThat(Uuid.fromString(eastId).toString()).isEqualTo(eastId);
        assertThat(Uuid.fromString(westId).toString()).isEqualTo(westId);
    }

    @Test
    void theEnvironmentCarriesTheIdTheHarnessReports() {
        ContainerTwoClusters.Settings settings = ContainerTwoClusters.Settings.random();

        assertThat(settings.environment()).containsEntry("CLUSTER_ID", settings.clusterId());
    }

    @Test
    void aclsAreEnforcedAndOpenWhereAResourceHasNone() {
        Map<String, String> env = ContainerTwoClusters.Settings.random().environment();

        assertThat(env)
                .containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "true");
    }

    @Test
    void anIdKafkaCannotFormatIsRefusedBeforeAnyContainerStarts() {
        assertThatThrownBy(() -> new ContainerTwoClusters.Settings("not-a-cluster-id"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
