package dev.tandem.bench;

import dev.tandem.client.Partition;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.NameFilter;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.Replicator;
import dev.tandem.replicator.checkpoints.CheckpointClients;
import dev.tandem.replicator.checkpoints.Checkpointer;
import dev.tandem.replicator.metrics.CheckpointMetrics;
import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.TandemStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What the checkpoint and failover benchmarks share: two fresh local clusters, topic {@code orders}
 * with 20 records per partition on east (or as many as asked), flow east-to-west (prefix naming) replicated once so
 * that every partition has sync points in an H2 file store, and consumer groups committed on east.
 */
final class BenchFlow implements AutoCloseable {

    static final String TOPIC = "orders";
    static final int RECORDS_PER_PARTITION = 20;

    final Sandbox sandbox;
    final TandemStore store;
    final Playbook playbook;
    final Flow flow;
    final KafkaClients kafka = new DefaultKafkaClients("tandem-bench");
    final int partitions;

    BenchFlow(Path work, int partitions) throws Exception {
        this(work, partitions, RECORDS_PER_PARTITION);
    }

    /** The same with {@code recordsPerPartition} records of 100 bytes in each partition. */
    BenchFlow(Path work, int partitions, int recordsPerPartition) throws Exception {
        this.partitions = partitions;
        sandbox = new Sandbox(work.resolve("clusters"), 17092, 27092, JvmProfile.STEADY, BrokerClasspath.locate(),
                Clock.systemUTC());
        store = TandemStore.open(new StoreSpec("jdbc:h2:file:" + work.resolve("store"), Optional.empty(), Optional.empty()));
        sandbox.up();
        Clusters clusters = new Clusters(sandbox.east().bootstrap(), sandbox.west().bootstrap());
        clusters.createTopic(clusters.east(), TOPIC, partitions);
        clusters.preload(TOPIC, partitions, partitions * recordsPerPartition, 100);
        flow = new Flow("east-to-west", "east", "west", new NameFilter(List.of(Pattern.compile(TOPIC)), List.of()),
                Naming.PREFIX, NameFilter.all(), OptionalInt.empty(), Duration.ofSeconds(30), Duration.ofDays(1), false,
                dev.tandem.playbook.DeliveryGuarantee.AT_LEAST_ONCE, Optional.empty());
        Map<String, ClusterSpec> specs = new LinkedHashMap<>();
        specs.put("east", new ClusterSpec("east", clusters.east(), Map.of()));
        specs.put("west", new ClusterSpec("west", clusters.west(), Map.of()));
        playbook = new Playbook(specs, StoreSpec.defaultStore(), List.of(flow));
        replicate();
    }

    Set<Partition> partitionSet() {
        Set<Partition> all = new HashSet<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new Partition(TOPIC, p));
        }
        return all;
    }

    Checkpointer checkpointer(CheckpointClients clients) {
        Set<Partition> all = partitionSet();
        return new Checkpointer(flow, () -> all, clients, new SyncPointRepository(store.jdbi()),
                new CheckpointRepository(store.jdbi()), new CheckpointMetrics(new SimpleMeterRegistry(), flow.name()),
                Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofDays(7));
    }

    /** Commits an offset for groups {@code prefix}0 .. {@code prefix}(count-1) on every partition, on {@code cluster}. */
    void commitGroups(String cluster, String topic, String prefix, int count, int seed) throws Exception {
        Random random = new Random(seed);
        try (Admin admin = kafka.admin(playbook.cluster(cluster))) {
            List<KafkaFuture<Void>> commits = new ArrayList<>();
            for (int g = 0; g < count; g++) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(random.nextInt(RECORDS_PER_PARTITION + 1)));
                }
                commits.add(admin.alterConsumerGroupOffsets(prefix + g, offsets).all());
            }
            KafkaFuture.allOf(commits.toArray(KafkaFuture[]::new)).get(5, TimeUnit.MINUTES);
        }
    }

    /** Replicates the preloaded records so that sync points exist for every partition. */
    private void replicate() throws Exception {
        Map<TopicPartition, Long> ends;
        try (Admin east = kafka.admin(playbook.cluster("east"))) {
            ends = TopicOffsets.endOffsets(east, "east", TOPIC);
        }
        try (Replicator replicator = new Replicator(playbook, List.of(flow), kafka, store, new SimpleMeterRegistry(),
                Clock.systemUTC(), ReplicationSettings.defaults())) {
            replicator.start();
            SyncPointRepository syncPoints = new SyncPointRepository(store.jdbi());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!replicated(syncPoints, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replication did not finish within 3 minutes");
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    private boolean replicated(SyncPointRepository syncPoints, Map<TopicPartition, Long> ends) {
        Map<Integer, dev.tandem.offsets.ReplicationPosition> positions =
                syncPoints.positions(flow.name()).getOrDefault(TOPIC, Map.of());
        return ends.entrySet().stream().allMatch(e -> positions.containsKey(e.getKey().partition())
                && positions.get(e.getKey().partition()).nextSourceOffset() >= e.getValue());
    }

    interface Step {
        void run() throws Exception;
    }

    static double seconds(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            sandbox.down();
        }
    }
}
