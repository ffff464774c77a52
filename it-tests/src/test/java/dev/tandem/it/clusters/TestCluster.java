package dev.tandem.it.clusters;

import dev.tandem.playbook.ClusterSpec;
import java.util.Map;

/** One real Kafka cluster handed to an integration test. */
public interface TestCluster {

    String alias();

    String bootstrap();

    /** The ID the cluster was formatted with. */
    String clusterId();

    /** Stops the cluster as a data-center outage would (local: SIGKILL of the broker). */
    void stop();

    /** Starts a stopped cluster again, with its data, and waits until it answers. */
    void start();

    default ClusterSpec spec() {
        return new ClusterSpec(alias(), bootstrap(), Map.of());
    }
}
