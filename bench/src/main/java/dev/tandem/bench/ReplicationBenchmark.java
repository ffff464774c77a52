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

/**
 * Copies the same backlog of records from east to west five ways, in one run on two fresh local
 * clusters, and prints the figures with ratios: a plain consumer+producer pipe (the ceiling),
 * {@code tandem replicate} at-least-once and exactly-once, and MirrorMaker 2 in dedicated mode,
 * tuned, without and with exactly-once. Each exactly-once copy is then read back with
 * read_committed: it must hold every record once.
 */
public final class ReplicationBenchmark {

    static final String TOPIC = "bench";
    static final int PARTITIONS = 8;
    static final int RECORD_BYTES = 100;

    private ReplicationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args[0]);
        Path tandemLauncher = Path.of(args[1]);
        Path mm2Lib = Path.of(args[2]);
        Path work = Files.createDirectories(Path.of(args[3]).resolve("run-" + System.currentTimeMillis()));
        String mm2Boundary = System.getenv().getOrDefault("MM2_EOS_BOUNDARY", "interval:1000");
        // Ports below Linux's ephemeral range (32768+), where outgoing client sockets could hold them.
        Sandbox sandbox = new Sandbox(work.resolve("clusters"), 17092, 27092, JvmProfile.STEADY,
                BrokerClasspath.locate(), Clock.systemUTC());
        try {
            Duration floor = LaunchFloor.measure(tandemLauncher, 3);
            sandbox.up();
            Clusters clusters = new Clusters(sandbox.east().bootstrap(), sandbox.west().bootstrap());
            clusters.createTopic(clusters.east(), TOPIC, PARTITIONS);
            System.err.printf("preloading %,d records of %d bytes into %d partitions ...%n", records, RECORD_BYTES,
                    PARTITIONS);
            clusters.preload(TOPIC, records, RECORD_BYTES);

            Result pipe = new PipeCopy(clusters).run(TOPIC, "pipe", records);
            Result tandem = new ChildCopy("tandem replicate", clusters,
                    west -> CopyCounter.endOffsetsOf(clusters, west, TOPIC), records,
                    ChildCopy.tandem(tandemLauncher, work, clusters)).run();
            List<String> checks = new ArrayList<>();
            Result eos = new ChildCopy("tandem replicate, exactly-once", clusters,
                    west -> CopyCounter.committedByTandem(west, "eos"), records,
                    ChildCopy.tandem(tandemLauncher, work, clusters, "eos", List.of(TOPIC), "delivery: exactly-once"))
                    .run(p -> checks.add(check(clusters, "eos." + TOPIC, records)));
            Result mm2 = new ChildCopy("MirrorMaker 2 (tuned)", clusters,
                    west -> CopyCounter.endOffsetsOf(clusters, west, "east." + TOPIC), records,
                    ChildCopy.mirrorMaker(mm2Lib, work, clusters, "east")).run();
            Result mm2Eos = new ChildCopy("MirrorMaker 2 (tuned), exactly-once, transaction boundary " + mm2Boundary,
                    clusters, west -> CopyCounter.committedByMirrorMaker(clusters.west(), "mm2eos", TOPIC), records,
                    ChildCopy.mirrorMakerExactlyOnce(mm2Lib, work, clusters, "mm2eos", mm2Boundary))
                    .run(p -> checks.add(check(clusters, "mm2eos." + TOPIC, records)));
            print(records, List.of(pipe, tandem, eos, mm2, mm2Eos), checks);
            System.out.printf("%nJVM start floor (bin/tandem --version, fastest of 3): %.2f s; tandem's first record"
                    + " %.2f s after it, exactly-once's %.2f s%n", floor.toMillis() / 1000.0,
                    (tandem.firstRecord().toMillis() - floor.toMillis()) / 1000.0,
                    (eos.firstRecord().toMillis() - floor.toMillis()) / 1000.0);
        } finally {
            sandbox.down();
        }
    }

    /** What a read_committed reader of the copy sees, once the copier says every record is committed. */
    private static String check(Clusters clusters, String replica, int records) {
        long seen = ReadCommitted.count(clusters.west(), replica);
        return String.format("read_committed reader of %s on west: %,d records (%s)", replica, seen,
                seen == records ? "each record once" : "EXPECTED " + String.format("%,d", records));
    }

    private static void print(int records, List<Result> results, List<String> checks) {
        System.out.printf("%n%,d records x %d B, %d partitions, backlog copied east -> west%n%n", records, RECORD_BYTES,
                PARTITIONS);
        System.out.println(Result.HEADER);
        results.forEach(r -> System.out.println(r.row()));
        Result pipe = results.get(0);
        Result tandem = results.get(1);
        Result eos = results.get(2);
        Result mm2 = results.get(3);
        Result mm2Eos = results.get(4);
        System.out.println();
        checks.forEach(System.out::println);
        System.out.printf("%n| ratio | launch to all | records/s | CPU per record |%n| --- | ---: | ---: | ---: |%n");
        ratio("tandem / pipe ceiling", tandem, pipe);
        ratio("tandem / MirrorMaker 2", tandem, mm2);
        ratio("tandem exactly-once / tandem", eos, tandem);
        ratio("tandem exactly-once / MirrorMaker 2 exactly-once", eos, mm2Eos);
        ratio("MirrorMaker 2 exactly-once / MirrorMaker 2", mm2Eos, mm2);
    }

    /** How many times faster {@code a} is than {@code b} (launch to all, rate), and its CPU per record as a fraction of b's. */
    private static void ratio(String name, Result a, Result b) {
        System.out.printf("| %s | %.2f | %.2f | %s |%n", name,
                b.allRecords().toMillis() / (double) a.allRecords().toMillis(),
                a.recordsPerSecond() / b.recordsPerSecond(),
                a.cpuSeconds().isPresent() && b.cpuSeconds().isPresent()
                        ? String.format("%.2f", a.cpuPerMillion() / b.cpuPerMillion()) : "");
    }
}
