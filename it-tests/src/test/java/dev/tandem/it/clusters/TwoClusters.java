package dev.tandem.it.clusters;

/** Two independent Kafka clusters, east and west, with different cluster IDs. */
public interface TwoClusters extends AutoCloseable {

    TestCluster east();

    TestCluster west();

    /** The secured pair's certificates and passwords; empty for a plaintext pair. */
    default java.util.Optional<dev.tandem.sandbox.security.SandboxSecurity> security() {
        return java.util.Optional.empty();
    }

    /** local or containers: how the clusters were made. */
    String mode();

    @Override
    void close();
}
