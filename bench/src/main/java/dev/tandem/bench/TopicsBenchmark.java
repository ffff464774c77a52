package dev.tandem.bench;

import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Many small topics: {@code topics} topics of one partition with {@code perTopic} records each on
 * east, copied to west by {@code tandem replicate} and by MirrorMaker 2 (tuned as in
 * {@link ReplicationBenchmark}), one after the other, {@code runs} times alternating, each timed
 * from its launch until west holds every record. What it measures is discovery and replica creation
 * before the copy: with 1,000 topics, that is most of the time.
 */
public final class TopicsBenchmark {

    private static final int RECORD_BYTES = 100;

    private TopicsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int topics = Integer.parseInt(args[0]);
        int perTopic = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path tandemLauncher = Path.of(args[3]);
        Path mm2Lib = Path.of(args[4]);
        Path work = Files.createDirectories(Path.of(args[5]).resolve("topics-" + System.currentTimeMillis()));
        Sandbox sandbox = new Sandbox(work.resolve("clusters"), 17092, 27092, JvmProfile.STEADY,
                BrokerClasspath.locate(), Clock.systemUTC());
        try {
            Duration floor = LaunchFloor.measure(tandemLauncher, 3);
            sandbox.up();
            Clusters clusters = new Clusters(sandbox.east().bootstrap(), sandbox.west().bootstrap());
            List<String> names = new ArrayList<>();
            for (int i = 0; i < topics; i++) {
                names.add(String.format("many-%04d", i));
            }
            System.err.printf("creating %,d topics on east and writing %d records of %d bytes to each ...%n", topics,
                    perTopic, RECORD_BYTES);
            create(clusters.east(), names);
            preload(clusters.east(), names, perTopic);
            long records = (long) topics * perTopic;
            List<Result[]> rows = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                String flow = "t" + run;
                Result tandem = new ChildCopy("tandem replicate", clusters,
                        west -> prefixed(west, flow + ".", topics, perTopic), (int) records,
                        ChildCopy.tandem(tandemLauncher, work, clusters, flow, List.of("many-.*"), "")).run();
                String alias = "m" + run;
                Result mm2 = new ChildCopy("MirrorMaker 2 (tuned)", clusters,
                        west -> prefixed(west, alias + ".", topics, perTopic), (int) records,
                        ChildCopy.mirrorMaker(mm2Lib, work, clusters, alias, "many-.*")).run();
                rows.add(new Result[] {tandem, mm2});
            }
            System.out.printf("%n%,d topics x 1 partition x %d records of %d B, copied east -> west; JVM start floor"
                    + " (bin/tandem --version, fastest of 3) %.2f s%n%n", topics, perTopic, RECORD_BYTES,
                    floor.toMillis() / 1000.0);
            System.out.println("| run | copier | launch to all | first record after | peak RSS | CPU s |");
            System.out.println("| --- | --- | ---: | ---: | ---: | ---: |");
            for (int i = 0; i < rows.size(); i++) {
                for (Result r : rows.get(i)) {
                    System.out.printf("| %d | %s | %.1f s | %.1f s | %s | %s |%n", i + 1, r.copier(),
                            r.allRecords().toMillis() / 1000.0, r.firstRecord().toMillis() / 1000.0,
                            r.peakRssBytes().isPresent() ? r.peakRssBytes().getAsLong() / (1024 * 1024) + " MiB" : "",
                            r.cpuSeconds().isPresent() ? String.format("%.1f", r.cpuSeconds().getAsDouble()) : "");
                }
            }
            System.out.println("\n| run | tandem / MirrorMaker 2 (launch to all) |\n| --- | ---: |");
            for (int i = 0; i < rows.size(); i++) {
                System.out.printf("| %d | %.2f |%n", i + 1, rows.get(i)[1].allRecords().toMillis()
                        / (double) rows.get(i)[0].allRecords().toMillis());
            }
        } finally {
            sandbox.down();
        }
    }

    private static void create(String bootstrap, List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> create = names.stream().map(n -> new NewTopic(n, 1, (short) 1)).toList();
            admin.createTopics(create).all().get(5, TimeUnit.MINUTES);
            // producing before every partition has a leader makes the first batches fail
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS).values().stream()
                    .flatMap(d -> d.partitions().stream()).anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions without a leader after 2 minutes");
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    private static void preload(String bootstrap, List<String> names, int perTopic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
            for (String name : names) {
                for (int i = 0; i < perTopic; i++) {
                    producer.send(new ProducerRecord<>(name, 0, null, new byte[RECORD_BYTES]), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
            }
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("preloading failed: " + failure.get().getMessage(), failure.get());
            }
        }
    }

    /**
     * Records on west's topics named {@code prefix}...: the end offsets of the replicas found so far,
     * each asked again only until it holds all of its records (so that the counting, on the same two
     * cores, costs less as the copy goes on).
     */
    private static CopyCounter prefixed(Admin west, String prefix, int topics, int perTopic) {
        Map<String, Long> done = new HashMap<>();
        Set<String> known = new HashSet<>();
        return () -> {
            try {
                if (known.size() < topics) {
                    west.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(n -> n.startsWith(prefix))
                            .forEach(known::add);
                }
                Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                known.stream().filter(t -> !done.containsKey(t)).forEach(t -> ask.put(new TopicPartition(t, 0),
                        OffsetSpec.latest()));
                long sum = done.values().stream().mapToLong(Long::longValue).sum();
                if (!ask.isEmpty()) {
                    var ends = west.listOffsets(ask).all().get(30, TimeUnit.SECONDS);
                    for (var e : ends.entrySet()) {
                        long end = e.getValue().offset();
                        sum += end;
                        if (end >= perTopic) {
                            done.put(e.getKey().topic(), end);
                        }
                    }
                }
                return sum;
            } catch (java.util.concurrent.ExecutionException e) {
                return done.values().stream().mapToLong(Long::longValue).sum(); // a replica created meanwhile
            } catch (Exception e) {
                throw new IllegalStateException("counting the replicas " + prefix + "* on west", e);
            }
        };
    }
}
