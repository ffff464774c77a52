package dev.tandem.it.clusters;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests a {@link TwoClusters}: two real Kafka clusters, started once per test run and shared
 * by every test class (tests use random topic and group names), stopped when the run ends.
 * {@code -Dtandem.clusters=local} (default) starts brokers from Kafka's jars as child JVMs;
 * {@code -Dtandem.clusters=containers} uses two Testcontainers KafkaContainers.
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
        // The root store closes AutoCloseable values when the whole run ends.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("clusters", key -> start(), TwoClusters.class);
    }

    private static TwoClusters start() {
        String mode = System.getProperty("tandem.clusters", "local");
        return switch (mode) {
            case "local" -> new LocalTwoClusters(Path.of(System.getProperty("tandem.it.work", "target/it-work")));
            case "containers" -> new ContainerTwoClusters(System.getProperty("tandem.kafka.image", "apache/kafka:4.3.1"));
            default -> throw new IllegalArgumentException("-Dtandem.clusters=" + mode + ": expected local or containers");
        };
    }
}
