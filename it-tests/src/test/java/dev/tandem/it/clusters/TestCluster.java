package dev.tandem.it.clusters;

import dev.tandem.chaos.run.Broker;
import dev.tandem.playbook.ClusterSpec;
import java.util.Map;
import java.util.stream.Collectors;

/** One real Kafka cluster handed to an integration test (and to a chaos run, as its {@link Broker}). */
public interface TestCluster extends Broker {

    String alias();

    String bootstrap();

    /** The ID the cluster was formatted with. */
    String clusterId();

    /** Stops the cluster as a data-center outage would (local: SIGKILL of the broker). */
    void stop();

    /** Starts a stopped cluster again, with its data, and waits until it answers. */
    void start();

    /** Stops the broker cleanly (SIGTERM, waited for), as a rolling restart does. */
    default void terminate() {
        throw new UnsupportedOperationException(alias() + ": this kind of cluster cannot be stopped cleanly by the tests");
    }

    /** Freezes the broker (SIGSTOP): connected, answering nothing. */
    default void freeze() {
        throw new UnsupportedOperationException(alias() + ": this kind of cluster cannot be frozen by the tests");
    }

    /** Resumes a frozen broker (SIGCONT). */
    default void thaw() {
        throw new UnsupportedOperationException(alias() + ": this kind of cluster cannot be frozen by the tests");
    }

    /**
     * Makes the broker stop answering, its connections kept open, as a frozen or partitioned server does:
     * {@link #freeze} where it can, else {@link #stop} (a container is paused, which is what its stop does).
     */
    default void silence() {
        if (canFreeze()) {
            freeze();
        } else {
            stop();
        }
    }

    /** Undoes {@link #silence}. */
    default void answerAgain() {
        if (canFreeze()) {
            thaw();
        } else {
            start();
        }
    }

    /** Whether {@link #freeze} and {@link #terminate} work here (local brokers: yes; containers: no). */
    default boolean canFreeze() {
        return false;
    }

    /** The client settings Tandem (and the test's own clients) reach it with: none on the plaintext pair. */
    default Map<String, String> clientProperties() {
        return Map.of();
    }

    /** The same settings as a playbook writes them: secrets as {@code ${file:...}} references, not values. */
    default Map<String, String> playbookProperties() {
        return clientProperties();
    }

    default ClusterSpec spec() {
        return new ClusterSpec(alias(), bootstrap(), clientProperties());
    }

    /** This cluster as a playbook's YAML flow mapping: {@code { bootstrap: "...", properties: {...} }}. */
    default String playbookEntry() {
        Map<String, String> properties = playbookProperties();
        String entry = "{ bootstrap: \"" + bootstrap() + "\"";
        if (!properties.isEmpty()) {
            entry += ", properties: { " + properties.entrySet().stream()
                    .map(e -> e.getKey() + ": '" + e.getValue().replace("'", "''") + "'")
                    .collect(Collectors.joining(", ")) + " }";
        }
        return entry + " }";
    }
}
