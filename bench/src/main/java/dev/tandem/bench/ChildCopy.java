package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** A copier in its own JVM: timed from its launch until the target topic holds every record. */
final class ChildCopy {

    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final String name;
    private final Clusters clusters;
    private final ToLongFunction<Admin> copied;
    private final int records;
    private final ProcessBuilder command;

    /** @param copied how many records are on the target so far, asked of the target's admin client */
    ChildCopy(String name, Clusters clusters, ToLongFunction<Admin> copied, int records, ProcessBuilder command) {
        this.name = name;
        this.clusters = clusters;
        this.copied = copied;
        this.records = records;
        this.command = command;
    }

    /** Records on the target topic by its end offsets: right where no transaction markers are written. */
    static ToLongFunction<Admin> endOffsetsOf(Clusters clusters, String topic) {
        return admin -> clusters.count(admin, topic);
    }

    /**
     * Records an exactly-once flow committed on the target: the positions its transactions committed
     * (the target topic's end offsets also count transaction markers, and records not yet committed).
     */
    static ToLongFunction<Admin> committedBy(String flow) {
        return admin -> {
            try {
                return admin.listConsumerGroupOffsets("tandem.replicator." + flow).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
            } catch (Exception e) {
                throw new IllegalStateException("reading the positions of flow " + flow + " on west", e);
            }
        };
    }

    /** {@code tandem replicate} through bin/tandem, so with the launcher's default JVM options. */
    static ProcessBuilder tandem(Path launcher, Path work, Clusters clusters) throws IOException {
        return tandem(launcher, work, clusters, "bench", "naming: identity");
    }

    /**
     * {@code tandem replicate} of a flow named {@code flow} with more flow keys; the source's alias is
     * the flow's name, so that prefix naming gives each run a replica of its own.
     */
    static ProcessBuilder tandem(Path launcher, Path work, Clusters clusters, String flow, String flowKeys)
            throws IOException {
        Path playbook = work.resolve(flow + "-playbook.yaml");
        Files.writeString(playbook, """
                clusters:
                  %s: { bootstrap: "%s" }
                  west: { bootstrap: "%s" }
                store: { jdbc-url: "jdbc:h2:file:%s" }
                flows:
                  - name: %s
                    source: %s
                    target: west
                    topics: { include: ["%s"] }
                    %s
                """.formatted(flow, clusters.east(), clusters.west(), work.resolve(flow + "-store"), flow, flow,
                ReplicationBenchmark.TOPIC, flowKeys));
        return new ProcessBuilder(launcher.toString(), "replicate", playbook.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve(flow + ".log").toFile());
    }

    static ProcessBuilder mirrorMaker(Path lib, Path work, Clusters clusters) throws IOException {
        Path properties = work.resolve("mm2.properties");
        Files.writeString(properties, String.join("\n",
                "clusters = east, west",
                "east.bootstrap.servers = " + clusters.east(),
                "west.bootstrap.servers = " + clusters.west(),
                "east->west.enabled = true",
                "east->west.topics = " + ReplicationBenchmark.TOPIC,
                "west->east.enabled = false",
                "tasks.max = 4",
                "replication.factor = 1",
                "checkpoints.topic.replication.factor = 1",
                "heartbeats.topic.replication.factor = 1",
                "offset-syncs.topic.replication.factor = 1",
                "offset.storage.replication.factor = 1",
                "status.storage.replication.factor = 1",
                "config.storage.replication.factor = 1",
                "sync.topic.acls.enabled = false",
                "plugin.discovery = service_load",
                "west.producer.linger.ms = 10",
                "west.producer.batch.size = 262144",
                ""));
        Path log4j = work.resolve("mm2-log4j2.properties");
        Files.writeString(log4j, "rootLogger.level = WARN\nrootLogger.appenderRef.out.ref = OUT\n"
                + "appender.out.type = Console\nappender.out.name = OUT\nappender.out.layout.type = PatternLayout\n"
                + "appender.out.layout.pattern = [%d] %p %m (%c)%n\n");
        return new ProcessBuilder(java(), "-Dlog4j2.configurationFile=" + log4j, "-cp", lib + "/*",
                "org.apache.kafka.connect.mirror.MirrorMaker", properties.toString(), "--clusters", "west")
                .redirectErrorStream(true).redirectOutput(work.resolve("mm2.log").toFile());
    }

    Result run() throws Exception {
        System.err.printf("running %s ...%n", name);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", clusters.west()))) {
            long start = System.nanoTime();
            Process process = command.start();
            try {
                long first = -1;
                long count = 0;
                while (count < records) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log");
                    }
                    if (System.nanoTime() - start > LIMIT.toNanos()) {
                        throw new IllegalStateException(name + " did not copy every record within " + LIMIT);
                    }
                    process.waitFor(50, TimeUnit.MILLISECONDS);
                    count = copied.applyAsLong(admin);
                    if (first < 0 && count > 0) {
                        first = System.nanoTime();
                    }
                }
                long end = System.nanoTime();
                return new Result(name, records, Duration.ofNanos(first - start), Duration.ofNanos(end - start),
                        peakRss(process.pid()));
            } finally {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** VmHWM: the most resident memory the process has used so far. */
    private static OptionalLong peakRss(long pid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
            return status.stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
