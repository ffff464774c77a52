package dev.tandem.sandbox;

import dev.tandem.sandbox.security.SandboxSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Two independent local Kafka clusters, {@code east} and {@code west}, each a single-node KRaft
 * cluster with its own cluster ID, in sub-folders of one folder. {@code up} and {@code down} are
 * idempotent: they act only on what is not already in the wanted state.
 */
public final class Sandbox {

    public static final int DEFAULT_EAST_PORT = 19092;
    public static final int DEFAULT_WEST_PORT = 29092;
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final List<LocalKafkaCluster> clusters;
    private final Optional<SandboxSecurity> security;

    /** Two clusters as they were made in {@code dir}: secured when {@code dir/security} holds their secrets. */
    public Sandbox(Path dir, int eastPort, int westPort, JvmProfile jvm, BrokerClasspath classpath, Clock clock) {
        this(dir, eastPort, westPort, jvm, classpath, clock, Files.isDirectory(securityDir(dir)));
    }

    /**
     * @param secured whether the clusters authenticate everyone (SASL_SSL and mutual TLS, ACLs
     *                closed by default); the secrets are made in {@code dir/security} on first use
     */
    public Sandbox(Path dir, int eastPort, int westPort, JvmProfile jvm, BrokerClasspath classpath, Clock clock,
                   boolean secured) {
        if (secured && !Files.isDirectory(securityDir(dir)) && Files.exists(dir.resolve("east/data/meta.properties"))) {
            throw new SandboxException(dir + " holds clusters made without --security; choose another --dir"
                    + " (or remove that folder)");
        }
        this.security = secured ? Optional.of(SandboxSecurity.ensure(securityDir(dir), clock)) : Optional.empty();
        this.clusters = List.of(
                new LocalKafkaCluster(new BrokerConfig("east", dir.resolve("east"), eastPort, jvm, security), classpath,
                        clock),
                new LocalKafkaCluster(new BrokerConfig("west", dir.resolve("west"), westPort, jvm, security), classpath,
                        clock));
    }

    private static Path securityDir(Path dir) {
        return dir.resolve("security");
    }

    /** The secrets of a secured sandbox; empty when it authenticates no one. */
    public Optional<SandboxSecurity> security() {
        return security;
    }

    public List<LocalKafkaCluster> clusters() {
        return clusters;
    }

    public LocalKafkaCluster east() {
        return clusters.get(0);
    }

    public LocalKafkaCluster west() {
        return clusters.get(1);
    }

    /** Starts whichever cluster is not running, both at once, and returns when both answer. */
    public void up() {
        runOnEach(cluster -> cluster.start(START_TIMEOUT));
    }

    /** Stops whichever cluster is running, both at once. */
    public void down() {
        runOnEach(cluster -> cluster.stop(STOP_TIMEOUT));
    }

    /** What each cluster is doing now. */
    public List<ClusterStatus> status() {
        return clusters.stream().map(c -> new ClusterStatus(c.alias(), c.bootstrap(),
                c.process().map(ProcessHandle::pid), c.clusterId())).toList();
    }

    private void runOnEach(java.util.function.Consumer<LocalKafkaCluster> action) {
        List<CompletableFuture<Void>> runs = clusters.stream()
                .map(c -> CompletableFuture.runAsync(() -> action.accept(c))).toList();
        try {
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** One cluster's state: a pid when its broker runs; its ID once formatted. */
    public record ClusterStatus(String alias, String bootstrap, Optional<Long> pid, Optional<String> clusterId) {
        public boolean running() {
            return pid.isPresent();
        }
    }
}
