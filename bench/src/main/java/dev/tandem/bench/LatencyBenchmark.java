package dev.tandem.bench;

import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * End-to-end latency under steady load, Tandem against the tuned MirrorMaker 2, in one run on two
 * fresh local clusters: for each round, each copier is launched over a topic of its own, waits
 * until it copied a first batch of records, copies 10 s of the stream unmeasured (its start and JIT
 * behind it), then a steady stream of {@code rate} records per second for {@code seconds}, read back on west (source
 * timestamp to arrival, one clock). The copiers take turns, round after round, so that a slower
 * stretch of the machine falls on both; round 0, shorter, warms the fresh clusters and is not compared.
 */
public final class LatencyBenchmark {

    /** Records written before the steady stream, which the copier must have copied first. */
    private static final int WARM_UP = 8_000;
    /** The stream each copier copies before the measured one. */
    private static final Duration WARM_STREAM = Duration.ofSeconds(10);

    private LatencyBenchmark() {
    }

    record Row(int round, String copier, SteadyLatency.Figures steady, OptionalDouble cpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]);
        Path mm2Lib = Path.of(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]).resolve("latency-" + System.currentTimeMillis()));
        int rate = Integer.parseInt(args[3]);
        Duration steady = Duration.ofSeconds(Integer.parseInt(args[4]));
        int rounds = Integer.parseInt(args[5]);
        boolean exactlyOnce = args.length > 6 && Boolean.parseBoolean(args[6]);
        Sandbox sandbox = new Sandbox(work.resolve("clusters"), 17092, 27092, JvmProfile.STEADY,
                BrokerClasspath.locate(), Clock.systemUTC());
        try {
            LaunchFloor.measure(launcher, 1); // builds the jar if it must, before anything is timed
            sandbox.up();
            Clusters clusters = new Clusters(sandbox.east().bootstrap(), sandbox.west().bootstrap());
            List<Row> rows = new ArrayList<>();
            // round 0 warms the fresh clusters: their first copier pays for it, whichever it is (p99 121 ms against
            // 30 ms for MirrorMaker 2 when it went first, 73 against 22 ms for Tandem), and is not compared
            for (int round = 0; round <= rounds; round++) {
                Duration stream = round == 0 ? Duration.ofSeconds(Math.min(20, steady.toSeconds())) : steady;
                boolean mirrorMakerFirst = Boolean.parseBoolean(System.getenv().getOrDefault("MM2_FIRST", "false"));
                if (mirrorMakerFirst) {
                    rows.add(mirrorMaker(clusters, mm2Lib, work, round, rate, stream));
                }
                rows.add(tandem(clusters, launcher, work, round, "alo" + round,
                        System.getenv().getOrDefault("TANDEM_FLOW_KEYS", ""), "tandem replicate", rate, stream));
                if (!mirrorMakerFirst) {
                    rows.add(mirrorMaker(clusters, mm2Lib, work, round, rate, stream));
                }
                if (exactlyOnce) {
                    rows.add(tandem(clusters, launcher, work, round, "eos" + round, "delivery: exactly-once",
                            "tandem replicate, exactly-once", rate, stream));
                }
            }
            print(rows, rate, steady);
        } finally {
            sandbox.down();
        }
    }

    private static Row tandem(Clusters clusters, Path launcher, Path work, int round, String flow, String keys,
                              String copier, int rate, Duration steady) throws Exception {
        String topic = "steady-" + flow;
        prepare(clusters, topic);
        Row[] row = new Row[1];
        new ChildCopy(copier + " (round " + round + ")", clusters,
                west -> keys.contains("exactly-once") ? CopyCounter.committedByTandem(west, flow)
                        : CopyCounter.endOffsetsOf(clusters, west, flow + "." + topic), WARM_UP,
                ChildCopy.tandem(launcher, work, clusters, flow, List.of(topic), keys))
                .run(process -> row[0] = measure(clusters, process, round, copier, topic, flow + "." + topic, rate,
                        steady));
        return row[0];
    }

    private static Row mirrorMaker(Clusters clusters, Path mm2Lib, Path work, int round, int rate, Duration steady)
            throws Exception {
        String source = "mm" + round;
        String topic = "steady-" + source;
        prepare(clusters, topic);
        Row[] row = new Row[1];
        String copier = "MirrorMaker 2 (tuned)";
        new ChildCopy(copier + " (round " + round + ")", clusters,
                west -> CopyCounter.endOffsetsOf(clusters, west, source + "." + topic), WARM_UP,
                ChildCopy.mirrorMaker(mm2Lib, work, clusters, source, topic))
                .run(process -> row[0] = measure(clusters, process, round, copier, topic, source + "." + topic, rate,
                        steady));
        return row[0];
    }

    private static void prepare(Clusters clusters, String topic) throws Exception {
        clusters.createTopic(clusters.east(), topic, ReplicationBenchmark.PARTITIONS);
        clusters.preload(topic, WARM_UP, ReplicationBenchmark.RECORD_BYTES);
    }

    private static Row measure(Clusters clusters, Process process, int round, String copier, String topic,
                               String replica, int rate, Duration steady) throws Exception {
        // a replicator runs for days: its first seconds (its JIT compiling the copy, its first saves) are not
        // steady load, so each copier first copies WARM_STREAM of the same stream, not measured
        System.err.printf("  %s: warming up on %d s of the stream: %s%n", copier, WARM_STREAM.toSeconds(),
                SteadyLatency.measure(clusters, topic, replica, rate, WARM_STREAM).describe());
        OptionalDouble before = ChildCopy.cpuSeconds(process.pid());
        SteadyLatency.Figures figures = SteadyLatency.measure(clusters, topic, replica, rate, steady);
        OptionalDouble after = ChildCopy.cpuSeconds(process.pid());
        System.err.printf("  %s: %s%n", copier, figures.describe());
        return new Row(round, copier, figures, before.isPresent() && after.isPresent()
                ? OptionalDouble.of(after.getAsDouble() - before.getAsDouble()) : OptionalDouble.empty());
    }

    private static void print(List<Row> rows, int rate, Duration steady) {
        System.out.printf("%n%,d records/s of %d B for %d s into %d partitions, each copier caught up first%n%n", rate,
                ReplicationBenchmark.RECORD_BYTES, steady.toSeconds(), ReplicationBenchmark.PARTITIONS);
        System.out.println("| round | copier | p50 | p99 | max | CPU s during the stream |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: |");
        for (Row row : rows) {
            System.out.printf("| %s | %s | %d ms | %d ms | %d ms | %s |%n", row.round() == 0 ? "0 (warm-up)"
                    : String.valueOf(row.round()), row.copier(), row.steady().p50(),
                    row.steady().p99(), row.steady().max(),
                    row.cpuSeconds().isPresent() ? String.format("%.1f", row.cpuSeconds().getAsDouble()) : "");
        }
        System.out.printf("%n| round | tandem p99 / MirrorMaker 2 p99 | tandem p50 / MirrorMaker 2 p50 |%n| ---: | ---: | ---: |%n");
        for (Row tandem : rows) {
            if (!tandem.copier().equals("tandem replicate") || tandem.round() == 0) {
                continue;
            }
            rows.stream().filter(r -> r.round() == tandem.round() && r.copier().startsWith("MirrorMaker")).findFirst()
                    .ifPresent(mm2 -> System.out.printf("| %d | %.2f | %.2f |%n", tandem.round(),
                            tandem.steady().p99() / (double) mm2.steady().p99(),
                            tandem.steady().p50() / (double) mm2.steady().p50()));
        }
    }
}
