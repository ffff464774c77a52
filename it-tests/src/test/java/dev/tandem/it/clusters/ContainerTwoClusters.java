package dev.tandem.it.clusters;

import java.util.concurrent.CompletableFuture;
import org.junit.platform.commons.PreconditionViolationException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Two clusters as Testcontainers {@link KafkaContainer}s (apache/kafka image, KRaft), for machines
 * with Docker. {@code stop} pauses a container: its broker stops answering, as in an outage.
 */
final class ContainerTwoClusters implements TwoClusters {

    private static final java.util.Map<String, String> ACLS = java.util.Map.of(
            "KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "true");

    private final KafkaContainer east;
    private final KafkaContainer west;

    ContainerTwoClusters(String image) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new PreconditionViolationException("-Dtandem.clusters=containers needs a Docker engine and none "
                    + "answers on this machine; run without -Dtandem.clusters to use brokers from Kafka's jars");
        }
        // ACLs enforced as on the local brokers (BrokerConfig), open where a resource has none.
        this.east = new KafkaContainer(image).withEnv(ACLS);
        this.west = new KafkaContainer(image).withEnv(ACLS);
        CompletableFuture.allOf(CompletableFuture.runAsync(east::start), CompletableFuture.runAsync(west::start))
                .join();
    }

    @Override
    public TestCluster east() {
        return new Container("east", east);
    }

    @Override
    public TestCluster west() {
        return new Container("west", west);
    }

    @Override
    public String mode() {
        return "containers";
    }

    @Override
    public void close() {
        east.stop();
        west.stop();
    }

    private record Container(String alias, KafkaContainer container) implements TestCluster {
        @Override
        public String bootstrap() {
            return container.getBootstrapServers().replaceFirst("^PLAINTEXT://", "");
        }

        @Override
        public String clusterId() {
            return dev.tandem.kafka.ClusterIdentity.probe(alias, spec().clientConfig(), java.time.Duration.ofSeconds(10))
                    .orElseThrow(() -> new IllegalStateException(alias + " does not answer"));
        }

        @Override
        public void stop() {
            DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void start() {
            DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
        }
    }
}
