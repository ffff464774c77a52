package dev.tandem.it.sandbox;

import dev.tandem.it.support.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.ExitCodes;
import dev.tandem.sandbox.FreePorts;
import dev.tandem.it.support.TandemProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code tandem sandbox up|down|status} manage exactly two broker processes, idempotently. */
class SandboxCommandIT {

    private Path dir;
    private String eastPort;
    private String westPort;

    @BeforeEach
    void freshSandboxFolder() throws IOException {
        dir = Files.createDirectories(Path.of(System.getProperty("tandem.it.work", "target/it-work"))
                .resolve("sandbox-" + UUID.randomUUID().toString().substring(0, 8)));
        eastPort = String.valueOf(FreePorts.brokerPort());
        westPort = String.valueOf(FreePorts.brokerPort());
    }

    @AfterEach
    void leaveNothingRunning() {
        sandbox("down");
    }

    @Test
    void upTwiceLeavesExactlyTwoBrokersAndDownLeavesNone() {
        CliRun first = sandbox("up", "--fast-start");
        assertThat(first.exitCode()).as(first.err()).isZero();
        List<ProcessHandle> afterFirst = brokerProcesses();
        assertThat(afterFirst).hasSize(2);

        CliRun second = sandbox("up", "--fast-start");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(brokerProcesses()).extracting(ProcessHandle::pid)
                .containsExactlyInAnyOrderElementsOf(afterFirst.stream().map(ProcessHandle::pid).toList());
        assertThat(second.out()).contains("east  running  127.0.0.1:" + eastPort,
                "west  running  127.0.0.1:" + westPort);

        CliRun status = sandbox("status");
        assertThat(status.exitCode()).isZero();

        CliRun down = sandbox("down");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(brokerProcesses()).isEmpty();
        assertThat(afterFirst).allSatisfy(p -> assertThat(p.isAlive()).isFalse());

        assertThat(sandbox("down").exitCode()).isZero();
        CliRun stopped = sandbox("status");
        assertThat(stopped.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(stopped.out()).contains("east  stopped", "west  stopped");
    }

    @Test
    void theTwoClustersGetDifferentIdsThatSurviveARestart() {
        assertThat(sandbox("up", "--fast-start").exitCode()).isZero();
        String firstStatus = sandbox("status").out();
        sandbox("down");

        assertThat(sandbox("up", "--fast-start").exitCode()).isZero();

        List<String> ids = clusterIds(sandbox("status").out());
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
        assertThat(clusterIds(firstStatus)).isEqualTo(ids);
    }

    @Test
    void aPortTakenByAnotherProgramIsRefusedWithItsNumber() throws IOException {
        try (ServerSocket squatter = new ServerSocket(Integer.parseInt(eastPort), 1, InetAddress.getLoopbackAddress())) {
            CliRun run = sandbox("up", "--fast-start");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("east: port " + eastPort + " on 127.0.0.1 is in use");
            assertThat(run.err().lines()).hasSize(1);
        }
    }

    @Test
    void upWithSecurityWritesAPlaybookThatReplicatesAndVerifiesAsUserTandem() throws Exception {
        eastPort = String.valueOf(FreePorts.brokerPort(3));
        westPort = String.valueOf(FreePorts.brokerPort(3));

        CliRun up = sandbox("up", "--fast-start", "--security", "sasl-ssl");

        assertThat(up.exitCode()).as(up.err()).isZero();
        Path playbook = dir.resolve("playbook-sasl-ssl.yaml");
        assertThat(up.out()).contains("playbook for them, as user tandem over SASL_SSL with SCRAM-SHA-512: "
                + playbook.toAbsolutePath().normalize());
        Properties tandem = new Properties();
        try (var reader = Files.newBufferedReader(dir.resolve("security/tandem.properties"))) {
            tandem.load(reader);
        }
        assertThat(Files.readString(playbook)).contains("security.protocol: SASL_SSL", "${file:security/")
                .doesNotContain(tandem.getProperty("password"));
        CliRun validate = CliRun.of("validate", playbook.toString());
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("sasl.jaas.config=****").doesNotContain(tandem.getProperty("password"));

        Process replicator = TandemProcess.start(dir.resolve("replicate.log"), "replicate", playbook.toString());
        try {
            CliRun verify = CliRun.of("verify", playbook.toString(), "--flow", "east-to-west", "--canaries", "20");
            assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

            CliRun mtls = sandbox("up", "--fast-start", "--security", "mtls");
            assertThat(mtls.exitCode()).as(mtls.err()).isZero();
            Path overTls = dir.resolve("playbook-mtls.yaml");
            assertThat(Files.readString(overTls)).contains("security.protocol: SSL", "ssl.keystore.location");
            CliRun verifyOverTls = CliRun.of("verify", overTls.toString(), "--flow", "east-to-west", "--canaries", "10");
            assertThat(verifyOverTls.exitCode()).as(verifyOverTls.out() + verifyOverTls.err()).isZero();
        } finally {
            replicator.destroy();
            replicator.waitFor();
        }
    }

    @Test
    void securityCannotBeAddedToClustersMadeWithout() {
        assertThat(sandbox("up", "--fast-start").exitCode()).isZero();
        sandbox("down");

        CliRun secured = sandbox("up", "--fast-start", "--security", "mtls");

        assertThat(secured.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(secured.err()).contains("holds clusters made without --security; choose another --dir");
    }

    private CliRun sandbox(String verb, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("sandbox", verb, "--dir", dir.toString(),
                "--east-port", eastPort, "--west-port", westPort));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private List<ProcessHandle> brokerProcesses() {
        String marker = "-Dtandem.sandbox.node=" + dir.toAbsolutePath().normalize();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    private static List<String> clusterIds(String statusOutput) {
        return statusOutput.lines().map(l -> l.replaceFirst(".*cluster-id (\\S+).*", "$1")).toList();
    }
}
