package dev.tandem.it.mirrormaker2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real MirrorMaker 2 ({@code org.apache.kafka.connect.mirror.MirrorMaker}, dedicated mode, the
 * jars of {@code mirrormaker2-lib}, Kafka's version) as a child JVM, copying one direction,
 * {@code source -> target} (its aliases), of the topics and groups given. Tuned for a quick test:
 * one task, one-second refresh, checkpoint and offset-flush intervals, replication factor 1 for the
 * single-broker test clusters. Its log is {@code <work>/<source>-mm2.log}. {@link #close()} stops it
 * as an operator does (SIGTERM: it commits its positions on the way out), then waits for it.
 */
final class RunningMirrorMaker2 implements AutoCloseable {

    private static final Path LIB = Path.of(System.getProperty("tandem.mm2.lib",
            "../mirrormaker2-lib/target/mm2-lib")).toAbsolutePath();

    private final Process process;
    private final Path log;

    RunningMirrorMaker2(Path work, String source, String sourceBootstrap, String target, String targetBootstrap,
                        String topics, String groups) throws IOException {
        if (!Files.isDirectory(LIB)) {
            throw new IllegalStateException("no MirrorMaker 2 jars at " + LIB + " (built by the mirrormaker2-lib module)");
        }
        Files.createDirectories(work);
        Path properties = work.resolve(source + "-mm2.properties");
        List<String> lines = new ArrayList<>(List.of(
                "clusters = " + source + ", " + target,
                source + ".bootstrap.servers = " + sourceBootstrap,
                target + ".bootstrap.servers = " + targetBootstrap,
                source + "->" + target + ".enabled = true",
                source + "->" + target + ".topics = " + topics,
                source + "->" + target + ".groups = " + groups,
                target + "->" + source + ".enabled = false",
                "emit.heartbeats.enabled = false",
                "tasks.max = 1",
                "plugin.discovery = service_load",
                target + ".plugin.discovery = service_load",
                "refresh.topics.interval.seconds = 1",
                "refresh.groups.interval.seconds = 1",
                "emit.checkpoints.interval.seconds = 1",
                "sync.group.offsets.enabled = false",
                "offset.flush.interval.ms = 1000",
                "replication.factor = 1",
                "checkpoints.topic.replication.factor = 1",
                "heartbeats.topic.replication.factor = 1",
                "offset-syncs.topic.replication.factor = 1",
                "offset.storage.replication.factor = 1",
                "status.storage.replication.factor = 1",
                "config.storage.replication.factor = 1",
                "sync.topic.acls.enabled = false"));
        Files.writeString(properties, String.join("\n", lines) + "\n");
        Path log4j = work.resolve("mm2-log4j2.properties");
        Files.writeString(log4j, "rootLogger.level = WARN\nrootLogger.appenderRef.out.ref = OUT\n"
                + "appender.out.type = Console\nappender.out.name = OUT\nappender.out.layout.type = PatternLayout\n"
                + "appender.out.layout.pattern = [%d] %p %m (%c)%n\n");
        log = work.resolve(source + "-mm2.log");
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms128m",
                "-Xmx512m", "-Dlog4j2.configurationFile=" + log4j, "-cp", LIB + "/*",
                "org.apache.kafka.connect.mirror.MirrorMaker", properties.toString(), "--clusters", target)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Its log so far, for a failing assertion's message. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
