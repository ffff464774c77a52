package dev.tandem.bench;

import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.FlowStart;
import dev.tandem.playbook.NameFilter;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.Replicator;
import dev.tandem.replicator.metrics.FlowProgress;
import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.store.TandemStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * How close a flow's max-bytes-per-second holds its rate: a backlog copied by a throttled flow,
 * its key and value bytes per second measured from its first copied byte to its last (the
 * replicator's own counter, sampled every 50 ms), against the limit, and against the same flow
 * unthrottled in the same run (which must be well above the limit for the figure to mean anything).
 */
public final class ThrottleBenchmark {

    private ThrottleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long limit = Long.parseLong(args[0]);
        int records = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path work = Files.createDirectories(Path.of(args[3]).resolve("throttle-" + System.currentTimeMillis()));
        int valueBytes = 1000;
        Sandbox sandbox = new Sandbox(work.resolve("clusters"), 17092, 27092, JvmProfile.STEADY, BrokerClasspath.locate(),
                Clock.systemUTC());
        sandbox.up();
        try (TandemStore store = TandemStore.open(new StoreSpec("jdbc:h2:file:" + work.resolve("store"), Optional.empty(),
                Optional.empty()))) {
            Clusters clusters = new Clusters(sandbox.east().bootstrap(), sandbox.west().bootstrap());
            clusters.createTopic(clusters.east(), "orders", 4);
            clusters.preload("orders", 4, records, valueBytes);
            long total = (long) records * valueBytes;
            System.out.printf("%n%,d records of %,d bytes (%,d MB) in 4 partitions; limit %,.1f MB/s%n%n", records,
                    valueBytes, total / 1_000_000, limit / 1e6);
            System.out.println("| run | max-bytes-per-second | measured MB/s | measured / limit |");
            System.out.println("| --- | --- | ---: | ---: |");
            double free = rate(store, clusters, "free", OptionalLong.empty(), total);
            System.out.printf("| unthrottled | none | %.1f | |%n", free / 1e6);
            for (int run = 1; run <= runs; run++) {
                double rate = rate(store, clusters, "run" + run, OptionalLong.of(limit), total);
                System.out.printf("| %d | %.1f MB/s | %.1f | %.3f |%n", run, limit / 1e6, rate / 1e6, rate / limit);
            }
        } finally {
            sandbox.down();
        }
    }

    /** A fresh flow (its own replica and group) copies the backlog; its bytes per second, first byte to last. */
    private static double rate(TandemStore store, Clusters clusters, String name, OptionalLong limit, long total)
            throws Exception {
        Flow flow = new Flow(name, "east", "west", new NameFilter(List.of(Pattern.compile("orders")), List.of()),
                new Naming(Naming.Kind.PREFIX, "." + name + "."), NameFilter.all(), OptionalInt.empty(),
                Duration.ofSeconds(30), Duration.ofDays(1), false, dev.tandem.playbook.DeliveryGuarantee.AT_LEAST_ONCE,
                Optional.empty(), FlowStart.EARLIEST, limit);
        Map<String, ClusterSpec> specs = new LinkedHashMap<>();
        specs.put("east", new ClusterSpec("east", clusters.east(), Map.of()));
        specs.put("west", new ClusterSpec("west", clusters.west(), Map.of()));
        Playbook playbook = new Playbook(specs, StoreSpec.defaultStore(), List.of(flow));
        try (Replicator replicator = new Replicator(playbook, List.of(flow), new DefaultKafkaClients("tandem-bench"),
                store, new SimpleMeterRegistry(), Clock.systemUTC(), ReplicationSettings.defaults())) {
            replicator.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            long firstAt = 0;
            long firstBytes = 0;
            while (true) {
                FlowProgress progress = replicator.progress().get(0);
                long now = System.nanoTime();
                if (firstAt == 0 && progress.copiedBytes() > 0) {
                    firstAt = now;
                    firstBytes = progress.copiedBytes();
                }
                if (progress.copiedBytes() >= total) {
                    return (progress.copiedBytes() - firstBytes) / ((now - firstAt) / 1e9);
                }
                if (now > deadline) {
                    throw new IllegalStateException(name + ": not copied within 10 minutes");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }
}
