package dev.tandem.it.clusters;

import dev.tandem.sandbox.FreePorts;
import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.LocalKafkaCluster;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.security.SandboxSecurity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Two clusters as child JVMs started from Kafka's broker jars: the same code as {@code tandem
 * sandbox}, plaintext or secured ({@code tandem sandbox up --security}). A secured pair is reached
 * over SASL_SSL or mutual TLS through {@link #as(ClusterSecurity)}.
 */
final class LocalTwoClusters implements TwoClusters {

    private final Sandbox sandbox;
    private final ClusterSecurity security;
    /** Stops the brokers with the test JVM; null in a view of a pair that another instance owns. */
    private final Thread shutdownHook;

    LocalTwoClusters(Path workDir) {
        this(workDir, false);
    }

    LocalTwoClusters(Path workDir, boolean secured) {
        Path dir = workDir.resolve((secured ? "secured-clusters-" : "clusters-") + UUID.randomUUID().toString().substring(0, 8));
        int ports = secured ? 3 : 2;
        this.sandbox = new Sandbox(dir, FreePorts.brokerPort(ports), FreePorts.brokerPort(ports), JvmProfile.FAST_START,
                BrokerClasspath.locate(), Clock.systemUTC(), secured);
        this.security = secured ? ClusterSecurity.SASL_SSL : ClusterSecurity.PLAINTEXT;
        // Brokers are separate processes: make sure they die with the test JVM, even on Ctrl-C.
        this.shutdownHook = new Thread(sandbox::down, "stop-test-clusters");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        sandbox.up();
    }

    private LocalTwoClusters(Sandbox sandbox, ClusterSecurity security) {
        this.sandbox = sandbox;
        this.security = security;
        this.shutdownHook = null;
    }

    /** The secured pair as reached the other way (SASL_SSL or mutual TLS); closing the view closes nothing. */
    LocalTwoClusters as(ClusterSecurity other) {
        return new LocalTwoClusters(sandbox, other);
    }

    @Override
    public TestCluster east() {
        return new Local(sandbox.east(), security, sandbox);
    }

    @Override
    public TestCluster west() {
        return new Local(sandbox.west(), security, sandbox);
    }

    @Override
    public Optional<SandboxSecurity> security() {
        return sandbox.security();
    }

    @Override
    public String mode() {
        return sandbox.security().isEmpty() ? "local" : "local, secured (" + security + ")";
    }

    @Override
    public void close() {
        if (shutdownHook != null) {
            sandbox.down();
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
    }

    private record Local(LocalKafkaCluster cluster, ClusterSecurity security, Sandbox sandbox) implements TestCluster {
        @Override
        public String alias() {
            return cluster.alias();
        }

        @Override
        public String bootstrap() {
            return security == ClusterSecurity.MTLS ? cluster.config().tlsBootstrap() : cluster.bootstrap();
        }

        @Override
        public String clusterId() {
            return cluster.clusterId().orElseThrow();
        }

        @Override
        public Map<String, String> clientProperties() {
            return switch (security) {
                case PLAINTEXT -> Map.of();
                case SASL_SSL -> strings(secrets().saslClient(SandboxSecurity.TANDEM));
                case MTLS -> strings(secrets().tlsClient(SandboxSecurity.TANDEM));
            };
        }

        /** As the playbook of {@code tandem sandbox up --security} has them: passwords read from the files. */
        @Override
        public Map<String, String> playbookProperties() {
            if (security == ClusterSecurity.PLAINTEXT) {
                return Map.of();
            }
            SandboxSecurity secrets = secrets();
            Map<String, String> properties = new LinkedHashMap<>(clientProperties());
            String storePassword = "${file:" + secrets.storePasswordFile() + "}";
            properties.replace("ssl.truststore.password", storePassword);
            properties.replace("ssl.keystore.password", storePassword);
            properties.computeIfPresent("sasl.jaas.config", (key, value) -> value.replace(
                    secrets.password(SandboxSecurity.TANDEM),
                    "${file:" + secrets.credentialsFile(SandboxSecurity.TANDEM) + ":password}"));
            return properties;
        }

        private SandboxSecurity secrets() {
            return sandbox.security().orElseThrow();
        }

        private static Map<String, String> strings(Map<String, Object> config) {
            Map<String, String> strings = new LinkedHashMap<>();
            config.forEach((key, value) -> strings.put(key, String.valueOf(value)));
            return strings;
        }

        @Override
        public void stop() {
            cluster.kill();
        }

        @Override
        public void start() {
            cluster.start(Sandbox.START_TIMEOUT);
        }

        @Override
        public void terminate() {
            cluster.stop(Sandbox.STOP_TIMEOUT);
        }

        @Override
        public void freeze() {
            dev.tandem.chaos.run.Signals.stop(broker());
        }

        @Override
        public void thaw() {
            dev.tandem.chaos.run.Signals.resume(broker());
        }

        @Override
        public boolean canFreeze() {
            return true;
        }

        private long broker() {
            return cluster.process().orElseThrow(() -> new IllegalStateException(alias() + ": no broker running")).pid();
        }
    }
}
