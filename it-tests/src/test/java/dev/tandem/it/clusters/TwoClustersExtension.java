package dev.tandem.it.clusters;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests a {@link TwoClusters}: two real Kafka clusters, started once per test run and shared
 * by every test class (tests use random topic and group names), stopped when the run ends.
 * {@code -Dtandem.clusters=local} (default) starts brokers from Kafka's jars as child JVMs;
 * {@code -Dtandem.clusters=containers} uses two Testcontainers KafkaContainers. A test class marked
 * {@link OnClusters} gets the secured pair instead (SASL_SSL or mutual TLS; started on first use,
 * from Kafka's jars in both modes).
 */
public final class TwoClustersExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TwoClustersExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TwoClusters.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ClusterSecurity security = context.getTestClass().map(c -> c.getAnnotation(OnClusters.class))
                .map(OnClusters::value).orElse(ClusterSecurity.PLAINTEXT);
        // The root store closes AutoCloseable values when the whole run ends.
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (security == ClusterSecurity.PLAINTEXT) {
            return store.getOrComputeIfAbsent("clusters", key -> start(), TwoClusters.class);
        }
        // One secured pair, whatever the mode: always brokers from Kafka's jars, which every machine has.
        LocalTwoClusters secured = store.getOrComputeIfAbsent("secured-clusters",
                key -> new LocalTwoClusters(workDir(), true), LocalTwoClusters.class);
        return secured.as(security);
    }

    private static Path workDir() {
        return Path.of(System.getProperty("tandem.it.work", "target/it-work"));
    }

    private static TwoClusters start() {
        String mode = System.getProperty("tandem.clusters", "local");
        return switch (mode) {
            case "local" -> new LocalTwoClusters(workDir());
            case "containers" -> new ContainerTwoClusters(System.getProperty("tandem.kafka.image", "apache/kafka:4.3.1"));
            default -> throw new IllegalArgumentException("-Dtandem.clusters=" + mode + ": expected local or containers");
        };
    }
}
