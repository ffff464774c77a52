package dev.tandem.bench;

import dev.tandem.checkpoints.Partition;
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
import java.nio.file.Files;
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
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * How long one checkpoint cycle takes for GROUPS consumer groups x PARTITIONS partitions on the
 * local clusters, against a baseline measured in the same run: the two admin calls that read
 * those groups' committed offsets, which any checkpointer has to make.
 */
public final class CheckpointBenchmark {

    private static final String TOPIC = "orders";
    private static final int RECORDS_PER_PARTITION = 20;
    private static final Duration INTERVAL = Flow.DEFAULT_CHECKPOINT_INTERVAL;

    private CheckpointBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int groups = Integer.parseInt(args[0]);
        int partitions = Integer.parseInt(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]).resolve("checkpoints-" + System.currentTimeMillis()));
        Sandbox sandbox = new Sandbox(work.resolve("clusters"), 17092, 27092, JvmProfile.STEADY,
                BrokerClasspath.locate(), Clock.systemUTC());
        try (TandemStore store = TandemStore.open(new StoreSpec("jdbc:h2:file:" + work.resolve("store"),
                Optional.empty(), Optional.empty()))) {
            sandbox.up();
            Clusters clusters = new Clusters(sandbox.east().bootstrap(), sandbox.west().bootstrap());
            clusters.createTopic(clusters.east(), TOPIC, partitions);
            clusters.preload(TOPIC, partitions, partitions * RECORDS_PER_PARTITION, 100);
            Flow flow = new Flow("east-to-west", "east", "west", new NameFilter(List.of(Pattern.compile(TOPIC)), List.of()),
                    Naming.PREFIX, NameFilter.all(), OptionalInt.empty(), Duration.ofSeconds(30), Duration.ofDays(1), false);
            Map<String, ClusterSpec> specs = new LinkedHashMap<>();
            specs.put("east", new ClusterSpec("east", clusters.east(), Map.of()));
            specs.put("west", new ClusterSpec("west", clusters.west(), Map.of()));
            Playbook playbook = new Playbook(specs, StoreSpec.defaultStore(), List.of(flow));
            KafkaClients kafka = new DefaultKafkaClients("tandem-bench");
            replicate(playbook, flow, kafka, store);
            System.err.printf("committing offsets of %,d groups on %d partitions ...%n", groups, partitions);
            commitGroups(kafka, playbook.cluster("east"), groups, partitions, 0);
            run(playbook, flow, kafka, store, groups, partitions);
        } finally {
            sandbox.down();
        }
    }

    private static void run(Playbook playbook, Flow flow, KafkaClients kafka, TandemStore store, int groups,
                            int partitions) throws Exception {
        Set<Partition> all = new HashSet<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new Partition(TOPIC, p));
        }
        try (CheckpointClients clients = CheckpointClients.open(kafka, playbook, flow);
             Admin east = kafka.admin(playbook.cluster("east"))) {
            Checkpointer checkpointer = new Checkpointer(flow, () -> all, clients, new SyncPointRepository(store.jdbi()),
                    new CheckpointRepository(store.jdbi()), new CheckpointMetrics(new SimpleMeterRegistry(), flow.name()),
                    Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofDays(7));
            readOffsets(east); // warm up, as the checkpointer's clients are
            double baseline = seconds(() -> readOffsets(east));
            double cold = seconds(checkpointer::runCycle);
            double idle = seconds(checkpointer::runCycle);
            commitGroups(kafka, playbook.cluster("east"), groups / 10, partitions, 1);
            double tenth = seconds(checkpointer::runCycle);
            System.out.printf("%n%,d groups x %d partitions = %,d group partitions; checkpoint interval %d s%n%n",
                    groups, partitions, groups * partitions, INTERVAL.toSeconds());
            System.out.println("| measured | seconds | / baseline | / interval |");
            System.out.println("| --- | ---: | ---: | ---: |");
            row("baseline: list groups + read their committed offsets", baseline, baseline);
            row("cycle 1: every checkpoint new (written to store and topic)", cold, baseline);
            row("cycle 2: nothing changed", idle, baseline);
            row("cycle 3: a tenth of the groups moved", tenth, baseline);
        }
    }

    private static void row(String what, double seconds, double baseline) {
        System.out.printf("| %s | %.2f | %.1f | %.2f |%n", what, seconds, seconds / baseline,
                seconds / INTERVAL.toSeconds());
    }

    /** Replicates the preloaded records so that sync points exist for every partition. */
    private static void replicate(Playbook playbook, Flow flow, KafkaClients kafka, TandemStore store) throws Exception {
        Map<TopicPartition, Long> ends;
        try (Admin east = kafka.admin(playbook.cluster("east"))) {
            ends = TopicOffsets.endOffsets(east, "east", TOPIC);
        }
        Replicator replicator = new Replicator(playbook, List.of(flow), kafka, store, new SimpleMeterRegistry(),
                Clock.systemUTC(), ReplicationSettings.defaults());
        replicator.start();
        try {
            SyncPointRepository syncPoints = new SyncPointRepository(store.jdbi());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!replicated(syncPoints, flow, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replication did not finish within 3 minutes");
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        } finally {
            replicator.stop();
            replicator.awaitTermination(Duration.ofSeconds(30));
        }
    }

    private static boolean replicated(SyncPointRepository syncPoints, Flow flow, Map<TopicPartition, Long> ends) {
        Map<Integer, dev.tandem.offsets.ReplicationPosition> positions =
                syncPoints.positions(flow.name()).getOrDefault(TOPIC, Map.of());
        return ends.entrySet().stream().allMatch(e -> positions.containsKey(e.getKey().partition())
                && positions.get(e.getKey().partition()).nextSourceOffset() >= e.getValue());
    }

    /** Commits an offset for groups bench-0 .. bench-(count-1) on every partition. */
    private static void commitGroups(KafkaClients kafka, ClusterSpec east, int count, int partitions, int seed)
            throws Exception {
        Random random = new Random(seed);
        try (Admin admin = kafka.admin(east)) {
            List<KafkaFuture<Void>> commits = new ArrayList<>();
            for (int g = 0; g < count; g++) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    offsets.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(random.nextInt(RECORDS_PER_PARTITION + 1)));
                }
                commits.add(admin.alterConsumerGroupOffsets("bench-" + g, offsets).all());
            }
            KafkaFuture.allOf(commits.toArray(KafkaFuture[]::new)).get(5, TimeUnit.MINUTES);
        }
    }

    private static void readOffsets(Admin admin) throws Exception {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(60, TimeUnit.SECONDS)
                .forEach(g -> specs.put(g.groupId(), new ListConsumerGroupOffsetsSpec()));
        admin.listConsumerGroupOffsets(specs).all().get(60, TimeUnit.SECONDS);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double seconds(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
