package dev.tandem.it.clusters;

import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.LocalKafkaCluster;
import dev.tandem.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

/** Two clusters as child JVMs started from Kafka's broker jars: the same code as {@code tandem sandbox}. */
final class LocalTwoClusters implements TwoClusters {

    private final Sandbox sandbox;
    private final Thread shutdownHook;

    LocalTwoClusters(Path workDir) {
        Path dir = workDir.resolve("clusters-" + UUID.randomUUID().toString().substring(0, 8));
        this.sandbox = new Sandbox(dir, FreePorts.brokerPort(), FreePorts.brokerPort(), JvmProfile.FAST_START,
                BrokerClasspath.locate(), Clock.systemUTC());
        // Brokers are separate processes: make sure they die with the test JVM, even on Ctrl-C.
        this.shutdownHook = new Thread(sandbox::down, "stop-test-clusters");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        sandbox.up();
    }

    @Override
    public TestCluster east() {
        return new Local(sandbox.east());
    }

    @Override
    public TestCluster west() {
        return new Local(sandbox.west());
    }

    @Override
    public String mode() {
        return "local";
    }

    @Override
    public void close() {
        sandbox.down();
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
    }

    private record Local(LocalKafkaCluster cluster) implements TestCluster {
        @Override
        public String alias() {
            return cluster.alias();
        }

        @Override
        public String bootstrap() {
            return cluster.bootstrap();
        }

        @Override
        public String clusterId() {
            return cluster.clusterId().orElseThrow();
        }

        @Override
        public void stop() {
            cluster.kill();
        }

        @Override
        public void start() {
            cluster.start(Sandbox.START_TIMEOUT);
        }
    }
}
