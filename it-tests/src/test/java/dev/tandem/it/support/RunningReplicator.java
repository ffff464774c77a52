package dev.tandem.it.support;

import dev.tandem.it.clusters.TwoClusters;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.NameFilter;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.Replicator;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.TandemStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** A replicator running in the test JVM on the test clusters, with short intervals, stopped on close. */
public final class RunningReplicator implements AutoCloseable {

    public static final ReplicationSettings FAST = new ReplicationSettings(Duration.ofMillis(200), Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(7));

    private final TandemStore store;
    private final Replicator replicator;
    public final Playbook playbook;

    public RunningReplicator(Playbook playbook, List<Flow> flows, TandemStore store) {
        this(playbook, flows, store, new SimpleMeterRegistry());
    }

    public RunningReplicator(Playbook playbook, List<Flow> flows, TandemStore store, MeterRegistry registry) {
        this.playbook = playbook;
        this.store = store;
        this.replicator = new Replicator(playbook, flows, new DefaultKafkaClients("tandem-it"),
                store, registry, Clock.systemUTC(), FAST);
        replicator.start();
    }

    public static Flow flow(String name, String source, String target, String topicRegex, Naming naming) {
        return flow(name, source, target, topicRegex, naming, DeliveryGuarantee.AT_LEAST_ONCE);
    }

    public static Flow flow(String name, String source, String target, String topicRegex, Naming naming,
                            DeliveryGuarantee delivery) {
        return new Flow(name, source, target, new NameFilter(List.of(Pattern.compile(topicRegex)), List.of()), naming,
                NameFilter.all(), OptionalInt.empty(), Duration.ofSeconds(1), Duration.ofSeconds(1), false, delivery,
                Optional.empty());
    }

    public static Playbook playbook(TwoClusters clusters, List<Flow> flows) {
        Map<String, ClusterSpec> specs = new LinkedHashMap<>();
        specs.put("east", clusters.east().spec());
        specs.put("west", clusters.west().spec());
        return new Playbook(specs, StoreSpec.defaultStore(), flows);
    }

    public SyncPointRepository syncPoints() {
        return new SyncPointRepository(store.jdbi());
    }

    /** What {@code /ready} answers: up when every flow copies, else down naming why. */
    public dev.tandem.metrics.Health readiness() {
        return replicator.readiness();
    }

    /** Whether the replicator still runs (no flow stopped for good). */
    public boolean running() {
        return !replicator.terminated();
    }

    public void stop() {
        replicator.close();
    }

    @Override
    public void close() {
        stop();
    }
}
