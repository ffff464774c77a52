package dev.tandem.sandbox;

import dev.tandem.kafka.ClusterIdentity;
import dev.tandem.sandbox.security.SandboxSecurity;
import dev.tandem.sandbox.security.SandboxUsers;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One single-node KRaft cluster running as a child JVM from Kafka's own jars, living in one
 * folder (config, data, log). Its process outlives the JVM that started it, and is found again
 * by the marker on its command line, so {@code start} and {@code stop} are idempotent across
 * {@code tandem} invocations.
 */
public final class LocalKafkaCluster {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final BrokerConfig config;
    private final BrokerClasspath classpath;
    private final Clock clock;

    public LocalKafkaCluster(BrokerConfig config, BrokerClasspath classpath, Clock clock) {
        this.config = config;
        this.classpath = classpath;
        this.clock = clock;
    }

    public BrokerConfig config() {
        return config;
    }

    public String alias() {
        return config.alias();
    }

    public String bootstrap() {
        return config.bootstrap();
    }

    /** The cluster ID written when the storage was formatted; empty before the first start. */
    public Optional<String> clusterId() {
        Path meta = config.dataDir().resolve("meta.properties");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(meta)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("read " + meta, e);
        }
        return Optional.ofNullable(properties.getProperty("cluster.id"));
    }

    /** The broker process of this cluster, if one runs (found by its command-line marker). */
    public Optional<ProcessHandle> process() {
        String marker = config.processMarker();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker + " ")).orElse(false))
                .findFirst();
    }

    /** Starts the broker unless it already runs, and returns once it answers with its cluster ID. */
    public void start(Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        Optional<ProcessHandle> running = process();
        if (running.isPresent()) {
            LOG.info("{}: broker already running (pid {})", alias(), running.get().pid());
            awaitReady(running.get(), deadline);
            return;
        }
        ensurePortsFree();
        writeConfiguration();
        String clusterId = clusterId().orElseGet(this::format);
        ProcessHandle broker = launch();
        LOG.info("{}: started broker pid {} for cluster {} on {}", alias(), broker.pid(), clusterId, bootstrap());
        awaitReady(broker, deadline);
        config.security().ifPresent(secrets -> SandboxUsers.create(alias(), config.adminClientConfig(),
                config.bootstrap(), secrets, clock, deadline));
    }

    /** Stops the broker with SIGTERM (SIGKILL after {@code timeout}); does nothing when none runs. */
    public boolean stop(Duration timeout) {
        Optional<ProcessHandle> running = process();
        running.ifPresent(p -> terminate(p, timeout));
        deletePidFile();
        return running.isPresent();
    }

    /** Kills the broker at once (SIGKILL), as a data-center failure would. */
    public void kill() {
        process().ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        deletePidFile();
    }

    private void terminate(ProcessHandle process, Duration timeout) {
        LOG.info("{}: stopping broker pid {}", alias(), process.pid());
        process.destroy();
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("{}: broker pid {} did not stop within {}; killing it", alias(), process.pid(), timeout);
            process.destroyForcibly();
            process.onExit().join();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new SandboxException(alias() + ": waiting for broker pid " + process.pid() + " to stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(alias() + ": interrupted while stopping the broker", e);
        }
    }

    private void ensurePortsFree() {
        for (int port : config.ports()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                throw new SandboxException(alias() + ": port " + port
                        + " on 127.0.0.1 is in use by another process; choose other ports or stop it");
            }
        }
    }

    /** Writes the broker's settings (ports may have changed since the last start) and its logging setup. */
    private void writeConfiguration() {
        try {
            Files.createDirectories(config.dir());
            Path file = config.serverPropertiesFile();
            if (config.security().isPresent()) {
                // It holds the brokers' keystore password and the PLAIN users' passwords: owner only, set
                // before they are written, also on a file an earlier plaintext start left.
                if (!Files.exists(file)) {
                    Files.createFile(file);
                }
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(file, config.serverProperties());
            Files.writeString(config.dir().resolve("log4j2.properties"), LOG4J2_PROPERTIES);
        } catch (IOException e) {
            throw new UncheckedIOException("write the configuration of " + alias() + " in " + config.dir(), e);
        }
    }

    /** Formats the storage with a new random cluster ID (Kafka's StorageTool), and returns the ID. */
    private String format() {
        String clusterId = Uuid.randomUuid().toString();
        List<String> command = javaCommand();
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId,
                "-c", config.serverPropertiesFile().toString()));
        Path formatLog = config.dir().resolve("format.log");
        int exit = run(command, formatLog);
        if (exit != 0) {
            throw new SandboxException(alias() + ": formatting the storage failed (exit " + exit + "): "
                    + lastLines(formatLog, 3));
        }
        return clusterId;
    }

    private int run(List<String> command, Path log) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(alias() + ": interrupted", e);
        }
    }

    private ProcessHandle launch() {
        try {
            List<String> command = javaCommand();
            command.addAll(List.of("kafka.Kafka", config.serverPropertiesFile().toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(config.logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            Files.writeString(config.pidFile(), process.pid() + "\n");
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("start the broker of " + alias(), e);
        }
    }

    private List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(config.jvm().options());
        command.add(config.processMarker());
        command.add("-Dlog4j2.configurationFile=" + config.dir().resolve("log4j2.properties"));
        command.add("-cp");
        command.add(classpath.classpathArgument());
        return command;
    }

    private void awaitReady(ProcessHandle broker, Instant deadline) {
        String expected = clusterId().orElse(null);
        Map<String, Object> client = config.adminClientConfig();
        while (true) {
            if (!broker.isAlive()) {
                throw new SandboxException(alias() + ": broker pid " + broker.pid() + " exited during start-up: "
                        + lastLines(config.logFile(), 3) + " (log: " + config.logFile() + ")");
            }
            Optional<String> answered = ClusterIdentity.probe(alias(), client, PROBE_TIMEOUT);
            if (answered.isPresent() && answered.get().equals(expected)) {
                return;
            }
            if (answered.isPresent()) {
                throw new SandboxException(alias() + ": " + bootstrap() + " answers as cluster " + answered.get()
                        + ", not " + expected + ": another Kafka uses that port");
            }
            if (clock.instant().isAfter(deadline)) {
                throw new SandboxException(alias() + ": broker pid " + broker.pid() + " did not answer on "
                        + bootstrap() + " in time (log: " + config.logFile() + ")");
            }
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(config.pidFile());
        } catch (IOException e) {
            LOG.debug("could not delete {}", config.pidFile(), e);
        }
    }

    private static String lastLines(Path file, int count) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static final String LOG4J2_PROPERTIES = String.join("\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = WARN",
            "logger.controller.name = org.apache.kafka.controller",
            "logger.controller.level = WARN",
            "");
}
