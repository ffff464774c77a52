package dev.tandem.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder of Kafka broker jars that local brokers run from (built by the sandbox-broker
 * module into {@code sandbox-broker/target/broker-lib}). Kept out of the {@code tandem} jar.
 */
public record BrokerClasspath(Path folder) {

    /** System property that names the folder ({@code bin/tandem} and the test harness set it). */
    public static final String PROPERTY = "tandem.broker.lib";
    /** Environment variable that names the folder when the property is not set. */
    public static final String ENV = "TANDEM_BROKER_LIB";

    public BrokerClasspath {
        folder = folder.toAbsolutePath().normalize();
    }

    /** The configured folder, if it holds Kafka's broker jar; otherwise an explanation. */
    public static BrokerClasspath locate() {
        String configured = Optional.ofNullable(System.getProperty(PROPERTY)).orElse(System.getenv(ENV));
        if (configured == null || configured.isBlank()) {
            throw new SandboxException("the Kafka broker jars are not configured: set -D" + PROPERTY
                    + " or " + ENV + " to sandbox-broker/target/broker-lib (bin/tandem does this)");
        }
        BrokerClasspath classpath = new BrokerClasspath(Path.of(configured));
        if (!classpath.hasBrokerJar()) {
            throw new SandboxException("no Kafka broker jar (kafka_2.13-*.jar) in " + classpath.folder()
                    + ": build it with 'mvn -B -q -DskipTests package -pl sandbox-broker'");
        }
        return classpath;
    }

    /** The value for {@code java -cp}: every jar in the folder. */
    public String classpathArgument() {
        return folder + "/*";
    }

    private boolean hasBrokerJar() {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().matches("kafka_2\\.13-.*\\.jar"));
        } catch (IOException e) {
            return false;
        }
    }
}
