package dev.tandem.bench;

import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Copies the same backlog of records from east to west three ways, in one run on two fresh
 * local clusters, and prints the figures with ratios: a plain consumer+producer pipe (the
 * ceiling), {@code tandem replicate}, and MirrorMaker 2 in dedicated mode.
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
        // Ports below Linux's ephemeral range (32768+), where outgoing client sockets could hold them.
        Sandbox sandbox = new Sandbox(work.resolve("clusters"), 17092, 27092, JvmProfile.STEADY,
                BrokerClasspath.locate(), Clock.systemUTC());
        try {
            sandbox.up();
            Clusters clusters = new Clusters(sandbox.east().bootstrap(), sandbox.west().bootstrap());
            clusters.createTopic(clusters.east(), TOPIC, PARTITIONS);
            System.err.printf("preloading %,d records of %d bytes into %d partitions ...%n", records, RECORD_BYTES,
                    PARTITIONS);
            clusters.preload(TOPIC, records, RECORD_BYTES);

            Result pipe = new PipeCopy(clusters).run(TOPIC, "pipe", records);
            Result tandem = new ChildCopy("tandem replicate", clusters, ChildCopy.endOffsetsOf(clusters, "bench"),
                    records, ChildCopy.tandem(tandemLauncher, work, clusters)).run();
            Result exactlyOnce = new ChildCopy("tandem replicate, exactly-once", clusters,
                    ChildCopy.committedBy("eos"), records,
                    ChildCopy.tandem(tandemLauncher, work, clusters, "eos", "delivery: exactly-once")).run();
            Result mm2 = new ChildCopy("MirrorMaker 2", clusters, ChildCopy.endOffsetsOf(clusters, "east.bench"),
                    records, ChildCopy.mirrorMaker(mm2Lib, work, clusters)).run();
            print(records, List.of(pipe, tandem, exactlyOnce, mm2), Map.of("pipe", pipe, "tandem", tandem,
                    "eos", exactlyOnce, "mm2", mm2));
        } finally {
            sandbox.down();
        }
    }

    private static void print(int records, List<Result> results, Map<String, Result> named) {
        System.out.printf("%n%,d records x %d B, %d partitions, backlog copied east -> west%n%n", records, RECORD_BYTES,
                PARTITIONS);
        System.out.println("| copier | records/s | MB/s | first record after | all records after | peak RSS |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        results.forEach(r -> System.out.println(r.row()));
        double tandem = named.get("tandem").recordsPerSecond();
        System.out.printf("%ntandem / pipe ceiling: %.2f; tandem / MirrorMaker 2: %.2f%n",
                tandem / named.get("pipe").recordsPerSecond(), tandem / named.get("mm2").recordsPerSecond());
        Result eos = named.get("eos");
        System.out.printf("tandem exactly-once / tandem at-least-once: %.2f (copy rate), %.2f (launch to all)%n",
                eos.recordsPerSecond() / tandem, named.get("tandem").allRecords().toMillis()
                        / (double) eos.allRecords().toMillis());
    }
}
