package dev.tandem.it.clusters;

import static org.awaitility.Awaitility.await;

import dev.tandem.kafka.ClusterIdentity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.platform.commons.PreconditionViolationException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Two clusters as Testcontainers {@link KafkaContainer}s (apache/kafka image, KRaft), for machines
 * with Docker. {@code stop} pauses a container: its broker stops answering, as in an outage.
 */
final class ContainerTwoClusters implements TwoClusters {

    /** How long a container may take to answer again, as {@code Sandbox.START_TIMEOUT} for local brokers. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);

    /** One probe's bound: short, so a paused broker costs a few seconds per poll, not the whole wait. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final Container east;
    private final Container west;

    ContainerTwoClusters(String image) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new PreconditionViolationException("-Dtandem.clusters=containers needs a Docker engine and none "
                    + "answers on this machine; run without -Dtandem.clusters to use brokers from Kafka's jars");
        }
        this.east = new Container("east", image, Settings.random());
        this.west = new Container("west", image, Settings.random());
        CompletableFuture.allOf(CompletableFuture.runAsync(east::launch), CompletableFuture.runAsync(west::launch))
                .join();
    }

    @Override
    public TestCluster east() {
        return east;
    }

    @Override
    public TestCluster west() {
        return west;
    }

    @Override
    public String mode() {
        return "containers";
    }

    @Override
    public void close() {
        east.container().stop();
        west.container().stop();
    }

    /**
     * What the harness passes to one container, kept free of Docker so a unit test can check it.
     * Testcontainers' {@code KafkaHelper.envVars()} sets the same fixed {@code CLUSTER_ID} on every
     * KafkaContainer; two containers would then be one cluster to Tandem, whose same-cluster guard
     * refuses every flow. Each container therefore gets its own ID, which the image's launch script
     * passes to {@code kafka-storage format --cluster-id}.
     *
     * @param clusterId a Kafka cluster ID (base64 of 16 bytes, as {@link Uuid#toString()} writes it)
     */
    record Settings(String clusterId) {

        /** The image's variable for the ID the storage is formatted with (KRaft). */
        static final String CLUSTER_ID = "CLUSTER_ID";

        /** ACLs enforced as on the local brokers ({@code BrokerConfig}), open where a resource has none. */
        static final Map<String, String> ACLS = Map.of(
                "KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "true");

        Settings {
            Objects.requireNonNull(clusterId, "clusterId");
            Uuid.fromString(clusterId); // fails here, not in the container's storage format
        }

        /** A new random ID; {@link Uuid#randomUuid()} avoids the reserved IDs and a leading '-'. */
        static Settings random() {
            return new Settings(Uuid.randomUuid().toString());
        }

        /** The environment for the container; {@code withEnv} replaces Testcontainers' defaults of the same name. */
        Map<String, String> environment() {
            Map<String, String> env = new HashMap<>(ACLS);
            env.put(CLUSTER_ID, clusterId);
            return Map.copyOf(env);
        }
    }

    /**
     * One container as a {@link TestCluster}. Its {@code clusterId} is the one the harness gave it,
     * so no network call is needed to know it; {@link #awaitAnswers()} checks the broker agrees.
     */
    private record Container(String alias, KafkaContainer container, String clusterId) implements TestCluster {

        Container(String alias, String image, Settings settings) {
            this(alias, new KafkaContainer(image).withEnv(settings.environment()), settings.clusterId());
        }

        /** Starts the container and checks that it answers with the ID given to it (the image honours it). */
        void launch() {
            container.start();
            awaitAnswers();
        }

        @Override
        public String bootstrap() {
            return container.getBootstrapServers().replaceFirst("^PLAINTEXT://", "");
        }

        @Override
        public void stop() {
            DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
        }

        /** Unpauses the container and, as the local mode does, returns only once the broker answers again. */
        @Override
        public void start() {
            DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
            awaitAnswers();
        }

        /**
         * Polls {@code describeCluster} until the broker answers, then requires the expected ID: an
         * answer with another ID means another cluster behind this address, and waiting would not help.
         */
        private void awaitAnswers() {
            Optional<String> answered;
            try {
                answered = await(alias + " answers on " + bootstrap())
                        .atMost(ANSWER_TIMEOUT)
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> ClusterIdentity.probe(alias, spec().clientConfig(), PROBE_TIMEOUT),
                                Optional::isPresent);
            } catch (ConditionTimeoutException e) {
                throw new IllegalStateException(alias + ": container " + container.getContainerId()
                        + " did not answer on " + bootstrap() + " within " + ANSWER_TIMEOUT.toSeconds() + " s", e);
            }
            if (!answered.get().equals(clusterId)) {
                throw new IllegalStateException(alias + ": " + bootstrap() + " answers as cluster " + answered.get()
                        + ", not " + clusterId + " as given in " + Settings.CLUSTER_ID);
            }
        }
    }
}
