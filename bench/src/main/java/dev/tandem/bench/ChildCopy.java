package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;

/** A copier in its own JVM: timed from its launch until the target holds every record. */
final class ChildCopy {

    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final String name;
    private final Clusters clusters;
    private final Function<Admin, CopyCounter> counter;
    private final int records;
    private final ProcessBuilder command;

    /** @param counter how many records are on the target so far, made from the target's admin client */
    ChildCopy(String name, Clusters clusters, Function<Admin, CopyCounter> counter, int records, ProcessBuilder command) {
        this.name = name;
        this.clusters = clusters;
        this.counter = counter;
        this.records = records;
        this.command = command;
    }

    /** {@code tandem replicate} through bin/tandem, so with the launcher's default JVM options. */
    static ProcessBuilder tandem(Path launcher, Path work, Clusters clusters) throws IOException {
        return tandem(launcher, work, clusters, "bench", List.of(ReplicationBenchmark.TOPIC), "naming: identity");
    }

    /**
     * {@code tandem replicate} of a flow named {@code flow} over {@code topics} with more flow keys
     * (one per line); the source's alias is the flow's name, so that prefix naming gives each run a
     * replica of its own.
     */
    static ProcessBuilder tandem(Path launcher, Path work, Clusters clusters, String flow, List<String> topics,
                                 String flowKeys) throws IOException {
        Path playbook = work.resolve(flow + "-playbook.yaml");
        Files.writeString(playbook, """
                clusters:
                  %s: { bootstrap: "%s" }
                  west: { bootstrap: "%s"%s }
                store: { jdbc-url: "jdbc:h2:file:%s" }
                flows:
                  - name: %s
                    source: %s
                    target: west
                    topics: { include: [%s] }
                    %s
                """.formatted(flow, clusters.east(), clusters.west(), targetKeys(), work.resolve(flow + "-store"), flow, flow,
                String.join(", ", topics.stream().map(t -> "\"" + t + "\"").toList()),
                flowKeys.replace("\n", "\n    ")));
        return new ProcessBuilder(launcher.toString(), "replicate", playbook.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve(flow + ".log").toFile());
    }

    /** TANDEM_TARGET_KEYS: more keys of the target cluster's entry, e.g. {@code producer: { linger.ms: 10 }}. */
    private static String targetKeys() {
        String keys = System.getenv().getOrDefault("TANDEM_TARGET_KEYS", "").strip();
        return keys.isEmpty() ? "" : ", " + keys;
    }

    /**
     * MirrorMaker 2 in dedicated mode ({@code --clusters west}), tuned as its operators tune it on two
     * cores (one task, large polls and producer batches, five-second refresh and checkpoint intervals:
     * see docs/BENCHMARKS.md). {@code source} is the alias it knows east by, so each run gets a replica
     * ({@code <source>.bench}) and internal topics of its own.
     */
    static ProcessBuilder mirrorMaker(Path lib, Path work, Clusters clusters, String source) throws IOException {
        return mirrorMaker(lib, work, clusters, source, ReplicationBenchmark.TOPIC, List.of());
    }

    /** MirrorMaker 2 tuned as above, copying the topics {@code topics} (its comma-separated regexes) matches. */
    static ProcessBuilder mirrorMaker(Path lib, Path work, Clusters clusters, String source, String topics)
            throws IOException {
        return mirrorMaker(lib, work, clusters, source, topics, List.of());
    }

    /**
     * MirrorMaker 2 tuned as above, with exactly-once source support (KIP-618) as its documentation
     * asks for dedicated mode: {@code exactly.once.source.support} on the target's worker, the internal
     * REST server, and a read_committed source consumer. {@code boundary} is its transaction boundary:
     * {@code poll} (its default, one transaction per poll) or {@code interval:<ms>}.
     */
    static ProcessBuilder mirrorMakerExactlyOnce(Path lib, Path work, Clusters clusters, String source, String boundary)
            throws IOException {
        List<String> eos = new ArrayList<>(List.of(
                "west.exactly.once.source.support = enabled",
                source + ".consumer.isolation.level = read_committed",
                "dedicated.mode.enable.internal.rest = true",
                "listeners = http://127.0.0.1:" + freePort()));
        if (boundary.startsWith("interval:")) {
            eos.add(source + "->west.transaction.boundary = interval");
            eos.add(source + "->west.transaction.boundary.interval.ms = " + boundary.substring("interval:".length()));
        } else if (!boundary.equals("poll")) {
            throw new IllegalArgumentException("MirrorMaker 2 transaction boundary: poll or interval:<ms>, not " + boundary);
        }
        return mirrorMaker(lib, work, clusters, source, ReplicationBenchmark.TOPIC, eos);
    }

    private static ProcessBuilder mirrorMaker(Path lib, Path work, Clusters clusters, String source, String topics,
                                              List<String> more) throws IOException {
        Path properties = work.resolve(source + "-mm2.properties");
        List<String> lines = new ArrayList<>(List.of(
                "clusters = " + source + ", west",
                source + ".bootstrap.servers = " + clusters.east(),
                "west.bootstrap.servers = " + clusters.west(),
                source + "->west.enabled = true",
                source + "->west.topics = " + topics,
                "west->" + source + ".enabled = false",
                "west->" + source + ".emit.heartbeats.enabled = false",
                "tasks.max = 1",
                "plugin.discovery = service_load",
                "west.plugin.discovery = service_load",
                source + ".consumer.max.poll.records = 2000",
                "west.producer.linger.ms = 20",
                "west.producer.batch.size = 262144",
                "west.producer.max.in.flight.requests.per.connection = 5",
                "refresh.topics.interval.seconds = 5",
                "emit.checkpoints.interval.seconds = 5",
                "sync.group.offsets.enabled = true",
                "sync.group.offsets.interval.seconds = 5",
                "refresh.groups.interval.seconds = 5",
                "replication.factor = 1",
                "checkpoints.topic.replication.factor = 1",
                "heartbeats.topic.replication.factor = 1",
                "offset-syncs.topic.replication.factor = 1",
                "offset.storage.replication.factor = 1",
                "status.storage.replication.factor = 1",
                "config.storage.replication.factor = 1",
                "sync.topic.acls.enabled = false"));
        lines.addAll(more);
        Files.writeString(properties, String.join("\n", lines) + "\n");
        Path log4j = work.resolve("mm2-log4j2.properties");
        Files.writeString(log4j, "rootLogger.level = WARN\nrootLogger.appenderRef.out.ref = OUT\n"
                + "appender.out.type = Console\nappender.out.name = OUT\nappender.out.layout.type = PatternLayout\n"
                + "appender.out.layout.pattern = [%d] %p %m (%c)%n\n");
        return new ProcessBuilder(java(), "-Xms256m", "-Xmx2g", "-Dlog4j2.configurationFile=" + log4j, "-cp",
                lib + "/*", "org.apache.kafka.connect.mirror.MirrorMaker", properties.toString(), "--clusters", "west")
                .redirectErrorStream(true).redirectOutput(work.resolve(source + "-mm2.log").toFile());
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Result run() throws Exception {
        return run(process -> { });
    }

    interface WhileRunning {
        void run(Process process) throws Exception;
    }

    /** Runs the copier until every record is on the target, then {@code after} while it still runs. */
    Result run(WhileRunning after) throws Exception {
        System.err.printf("running %s ...%n", name);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", clusters.west()));
             CopyCounter copied = counter.apply(admin)) {
            long start = System.nanoTime();
            Process process = command.start();
            System.err.printf("  launched at %s (its log's clock)%n", java.time.LocalTime.now());
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
                    count = copied.copied();
                    if (first < 0 && count > 0) {
                        first = System.nanoTime();
                    }
                }
                long end = System.nanoTime();
                Result result = new Result(name, records, Duration.ofNanos(first - start), Duration.ofNanos(end - start),
                        peakRss(process.pid()), cpuSeconds(process.pid()));
                after.run(process);
                return result;
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

    /** User + system CPU of the process so far: fields 14 and 15 of /proc/PID/stat, in ticks of 1/100 s. */
    static OptionalDouble cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // after "pid (comm) " comes field 3 (state): utime (14) is the 12th field from there, stime the 13th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalDouble.of((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
