package dev.tandem.it.clusters;

/** Two independent Kafka clusters, east and west, with different cluster IDs. */
public interface TwoClusters extends AutoCloseable {

    TestCluster east();

    TestCluster west();

    /** local or containers: how the clusters were made. */
    String mode();

    @Override
    void close();
}
