package dev.tandem.it.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.sandbox.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release archive (dist/target/tandem-VERSION.tar.gz) unpacked into a fresh folder runs with only a
 * Java runtime: a PATH that has bash and a few tools but no {@code mvn} and no {@code java}, and
 * JAVA_HOME set. {@code --version}, {@code validate} and the README's first command, {@code demo}
 * (its brokers from the archive's lib/broker), work through the archive's own bin/tandem.
 */
class ReleaseIT {

    private static Path home;
    private static Path tools;
    private static String version;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("tandem.release.archive",
                "../dist/target/tandem-0.1.0-SNAPSHOT.tar.gz")).toAbsolutePath().normalize();
        assertThat(archive).as("the release archive (build the dist module first)").isRegularFile();
        Path dir = Path.of(System.getProperty("tandem.it.work", "target/it-work"))
                .resolve("release-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(dir);
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        try (Stream<Path> top = Files.list(dir)) {
            List<Path> entries = top.toList();
            assertThat(entries).as("one top folder in the archive").hasSize(1);
            home = entries.get(0);
        }
        version = home.getFileName().toString().substring("tandem-".length());
        assertThat(archive.getFileName().toString()).isEqualTo("tandem-" + version + ".tar.gz");
        // What a JRE-only host has: a shell and its basic tools, no Maven, no source checkout.
        tools = Files.createDirectories(dir.resolve("path"));
        for (String tool : List.of("bash", "dirname", "readlink", "sed", "env")) {
            Files.createSymbolicLink(tools.resolve(tool), which(tool));
        }
    }

    @Test
    void theArchiveHoldsTheLauncherTheJarTheBrokerJarsAndTheOpsFiles() throws IOException {
        assertThat(home.resolve("bin/tandem")).isExecutable();
        assertThat(home.resolve("lib/tandem.jar")).isRegularFile();
        try (Stream<Path> broker = Files.list(home.resolve("lib/broker"))) {
            assertThat(broker.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("kafka_2\\.13-.*\\.jar"));
        }
        assertThat(home.resolve("LICENSE")).content().contains("Apache License");
        assertThat(home.resolve("INSTALL.md")).content().contains("bin/tandem --version");
        assertThat(home.resolve("Dockerfile")).content().contains("USER 10001");
        assertThat(home.resolve("ops/systemd/tandem-replicate@.service")).content().contains("ExecStart=/opt/tandem/bin/tandem replicate");
        assertThat(home.resolve("ops/systemd/tandem-drill-schedule@.service")).isRegularFile();
        assertThat(home.resolve("ops/kubernetes/replicate-deployment.yaml")).content().contains("path: /ready");
        assertThat(home.resolve("ops/prometheus/tandem-alerts.yaml")).isRegularFile();
        assertThat(home.resolve("playbooks/sandbox.yaml")).isRegularFile();
    }

    @Test
    void versionAndValidateRunWithOnlyAJavaRuntime() throws Exception {
        assertThat(Files.exists(tools.resolve("mvn")) || Files.exists(tools.resolve("java"))).isFalse();
        Run versionRun = run(true, "--version");
        assertThat(versionRun.exitCode()).as(versionRun.output()).isZero();
        assertThat(versionRun.output()).contains("tandem " + version, "kafka-clients ", "java 17");

        Run validate = run(true, "validate", "playbooks/sandbox.yaml");
        assertThat(validate.exitCode()).as(validate.output()).isZero();
        assertThat(validate.output()).contains("playbooks/sandbox.yaml: valid");
    }

    @Test
    void logsAreForPeopleByDefaultAndOneJsonObjectPerLineWithLogFormatJson() throws Exception {
        Pattern humanLog = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN|ERROR) ");
        Run human = run(true, "checkpoints", "playbooks/sandbox.yaml", "--flow", "east-to-west");
        assertThat(human.exitCode()).as(human.output()).isZero();
        assertThat(human.output()).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO TandemStore - store ");

        Run json = run(true, "--log-format", "json", "checkpoints", "playbooks/sandbox.yaml", "--flow", "east-to-west");
        assertThat(json.exitCode()).as(json.output()).isZero();
        assertThat(humanLog.matcher(json.output()).find()).as(json.output()).isFalse();
        assertThat(json.output()).doesNotContain("SLF4J");
        List<com.fasterxml.jackson.databind.JsonNode> logs = new ArrayList<>();
        for (String line : json.output().lines().filter(l -> l.startsWith("{")).toList()) {
            logs.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
        }
        assertThat(logs).isNotEmpty().allSatisfy(log -> assertThat(log.path("level").asText()).isIn("INFO", "WARN", "ERROR"));
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.path("loggerName").asText()).isEqualTo("dev.tandem.store.TandemStore");
            assertThat(log.path("formattedMessage").asText()).startsWith("store jdbc:h2:file:").contains(" ready (");
            assertThat(log.path("timestamp").asLong()).isPositive();
        });

        Run wrong = run(true, "--log-format", "xml", "--version");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.output()).contains("--log-format", "expected one of [human, json]");
    }

    @Test
    void withoutJavaTheLauncherSaysSoInOneLineAndExits2() throws Exception {
        Run run = run(false, "--version");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().strip()).isEqualTo(
                "tandem: no java found; install a Java 17+ runtime, put java on the PATH or set JAVA_HOME");
    }

    @Test
    void demoRunsOnTwoSeparateClustersFromTheArchiveAndLeavesNoBrokerRunning() throws Exception {
        Path dir = home.resolve("demo-" + UUID.randomUUID().toString().substring(0, 8));
        Run run = run(true, "demo", "--dir", dir.toString(), "--east-port", String.valueOf(FreePorts.brokerPort()),
                "--west-port", String.valueOf(FreePorts.brokerPort()));
        String out = run.output();

        assertThat(run.exitCode()).as(out).isZero();
        assertThat(out).contains("playbooks/sandbox.yaml: valid", "created topic orders on east",
                "west has no topic orders", "as east.orders",
                "flow east-to-west copied orders on east to east.orders on west: 30 of 30 records");
        assertThat(out).contains("consumer group demo-billing read 4 records of orders-0 on east and committed offset 4",
                "group demo-billing committed offset 4 on east; on west it resumes at east.orders-0 offset 4 (exact)");
        assertThat(out).containsPattern("demo-billing +orders +0 +4 +east\\.orders +4 +exact");
        assertThat(out).contains("sent 30, delivered 30, lost 0", "(exact, 0 records off)", "PASSED",
                "report: " + dir.resolve("verify.html"));
        assertThat(dir.resolve("verify.html")).content().contains("<svg", "PASSED");
        assertThat(out).containsPattern("failover-rehearsal +passed").containsPattern("failback-rehearsal +passed")
                .containsPattern("RTO \\d+ ms").contains("report: " + dir.resolve("drill.html"));
        assertThat(out.substring(out.indexOf("== 6."))).contains("PASSED");
        Matcher ids = Pattern.compile("east is cluster (\\S+); west is cluster (\\S+)").matcher(out);
        assertThat(ids.find()).isTrue();
        assertThat(ids.group(1)).isNotEqualTo(ids.group(2));
        // no broker left running (they ran from the archive's lib/broker: nothing else is on this PATH or set)
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("-Dtandem.sandbox.node=" + dir)).orElse(false)))
                .isEmpty();
    }

    private record Run(int exitCode, String output) {
    }

    /** {@code bin/tandem ARGS} of the unpacked release, in its folder, with only {@code tools} on the PATH. */
    private static Run run(boolean withJava, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/tandem").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", tools.toString());
        env.put("HOME", home.toString());
        if (withJava) {
            env.put("JAVA_HOME", System.getProperty("java.home"));
        }
        Path log = Files.createTempFile(home, "tandem-", ".log");
        Process process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("bin/tandem " + String.join(" ", args) + " still ran after 3 minutes:\n"
                    + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not on this machine's PATH");
    }
}
