package dev.tandem.bench;

import dev.tandem.playbook.load.DurationText;
import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the length of an exactly-once flow's transactions ({@code commit-interval}) trades throughput
 * for latency, in one run on two fresh local clusters: for each interval, {@code tandem replicate}
 * copies the same backlog (launch to all committed), then, still running, a steady stream of
 * {@code rate} records per second on a topic of its own, read back with read_committed (source
 * timestamp to arrival). An at-least-once flow at its default interval is the reference.
 */
public final class TransactionBenchmark {

    private TransactionBenchmark() {
    }

    record Row(String delivery, String interval, Result backlog, SteadyLatency.Figures steady) {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args[0]);
        Path launcher = Path.of(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]).resolve("tx-" + System.currentTimeMillis()));
        List<String> intervals = List.of(args[3].split(","));
        int rate = Integer.parseInt(args[4]);
        Duration steady = Duration.ofSeconds(Integer.parseInt(args[5]));
        Sandbox sandbox = new Sandbox(work.resolve("clusters"), 17092, 27092, JvmProfile.STEADY,
                BrokerClasspath.locate(), Clock.systemUTC());
        try {
            LaunchFloor.measure(launcher, 1); // builds the jar if it must, before anything is timed
            sandbox.up();
            Clusters clusters = new Clusters(sandbox.east().bootstrap(), sandbox.west().bootstrap());
            String backlog = ReplicationBenchmark.TOPIC;
            clusters.createTopic(clusters.east(), backlog, ReplicationBenchmark.PARTITIONS);
            System.err.printf("preloading %,d records ...%n", records);
            clusters.preload(backlog, records, ReplicationBenchmark.RECORD_BYTES);
            List<Row> rows = new ArrayList<>();
            rows.add(run(clusters, launcher, work, "alo", "", "at-least-once", "1s (default)", records, rate, steady));
            for (int i = 0; i < intervals.size(); i++) {
                String interval = intervals.get(i);
                DurationText.parse(interval).orElseThrow(() -> new IllegalArgumentException("not a duration: " + interval));
                rows.add(run(clusters, launcher, work, "tx" + i, "delivery: exactly-once\ncommit-interval: " + interval,
                        "exactly-once", interval, records, rate, steady));
            }
            System.out.printf("%n%,d records x %d B backlog, then %,d records/s for %d s, %d partitions%n%n", records,
                    ReplicationBenchmark.RECORD_BYTES, rate, steady.toSeconds(), ReplicationBenchmark.PARTITIONS);
            System.out.println("| delivery | commit-interval | backlog: launch to all | backlog records/s | CPU s per 1M"
                    + " | steady p50 | steady p99 | steady max |");
            System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (Row row : rows) {
                System.out.printf("| %s | %s | %.1f s | %,.0f | %.1f | %d ms | %d ms | %d ms |%n", row.delivery(),
                        row.interval(), row.backlog().allRecords().toMillis() / 1000.0, row.backlog().recordsPerSecond(),
                        row.backlog().cpuPerMillion(), row.steady().p50(), row.steady().p99(), row.steady().max());
            }
        } finally {
            sandbox.down();
        }
    }

    private static Row run(Clusters clusters, Path launcher, Path work, String flow, String keys, String delivery,
                           String interval, int records, int rate, Duration steady) throws Exception {
        String steadyTopic = "steady." + flow;
        clusters.createTopic(clusters.east(), steadyTopic, ReplicationBenchmark.PARTITIONS);
        SteadyLatency.Figures[] figures = new SteadyLatency.Figures[1];
        boolean exactlyOnce = keys.contains("exactly-once");
        Result backlog = new ChildCopy("tandem replicate, " + delivery + ", commit-interval " + interval, clusters,
                west -> exactlyOnce ? CopyCounter.committedByTandem(west, flow)
                        : CopyCounter.endOffsetsOf(clusters, west, flow + "." + ReplicationBenchmark.TOPIC), records,
                ChildCopy.tandem(launcher, work, clusters, flow, List.of(ReplicationBenchmark.TOPIC, steadyTopic), keys))
                .run(process -> {
                    figures[0] = SteadyLatency.measure(clusters, steadyTopic, flow + "." + steadyTopic, rate, steady);
                    System.err.println("  steady: " + figures[0].describe());
                });
        return new Row(delivery, interval, backlog, figures[0]);
    }
}
