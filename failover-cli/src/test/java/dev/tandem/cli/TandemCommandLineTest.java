package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line's contract: help, version, completion, usage errors, exit codes, secrets. */
class TandemCommandLineTest {

    private static final String SANDBOX_PLAYBOOK = "../playbooks/sandbox.yaml";
    private static final String TWO_DC_PLAYBOOK = "../playbooks/two-datacenters.yaml";

    @Test
    void helpListsTheSubcommandsAndExitCodes() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("validate", "sandbox", "demo", "generate-completion", "Exit codes:",
                "3   invalid playbook");
    }

    @Test
    void versionNamesTandemAndKafkaClients() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("tandem \\S+").contains("kafka-clients 4.3.1");
    }

    @Test
    void unknownOptionIsAOneLineUsageErrorWithExitTwo() {
        CliRun run = CliRun.of("validate", "--frobnicate", SANDBOX_PLAYBOOK);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("tandem: Unknown option: '--frobnicate'").contains("tandem validate --help");
    }

    @Test
    void missingCommandIsAUsageError() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void missingPlaybookFileIsAnInvalidPlaybook() {
        CliRun run = CliRun.of("validate", "no/such/playbook.yaml");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_PLAYBOOK);
        assertThat(run.err()).isEqualTo("no/such/playbook.yaml: no such file" + System.lineSeparator());
    }

    @Test
    void validPlaybookIsSummarisedWithExitZero() {
        CliRun run = CliRun.of("validate", SANDBOX_PLAYBOOK);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("valid", "east  127.0.0.1:19092", "west  127.0.0.1:29092",
                "east-to-west  east -> west", "orders -> east.orders", "west-to-east  west -> east",
                "AUTO_SERVER=TRUE");
    }

    @Test
    void aFlowsRateLimitIsInTheSummaryOnlyWhenSet(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String playbook = java.nio.file.Files.readString(java.nio.file.Path.of(SANDBOX_PLAYBOOK));
        java.nio.file.Path limited = dir.resolve("limited.yaml");
        java.nio.file.Files.writeString(limited, playbook.replaceFirst("(?m)^(    source: east\n)",
                "$1    max-bytes-per-second: 20MB\n"));

        CliRun run = CliRun.of("validate", limited.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("max-bytes-per-second 20,000,000 (20.0 MB/s)");
        assertThat(CliRun.of("validate", SANDBOX_PLAYBOOK).out()).doesNotContain("max-bytes-per-second");
    }

    @Test
    void secretsFromTheEnvironmentNeverAppearInTheSummary() {
        Map<String, String> env = Map.of("FRA_PASSWORD", "fra-Secret-1", "AMS_PASSWORD", "ams-Secret-2",
                "TANDEM_DB_PASSWORD", "db-Secret-3");

        CliRun run = CliRun.withEnv(env, "validate", TWO_DC_PLAYBOOK);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("sasl.jaas.config=****", "security.protocol=SASL_SSL", "fra-to-ams")
                .doesNotContain("fra-Secret-1", "ams-Secret-2", "db-Secret-3", "ScramLoginModule");
    }

    @Test
    void replicatingAFlowThePlaybookLacksIsAUsageError() {
        CliRun run = CliRun.of("replicate", SANDBOX_PLAYBOOK, "--flow", "north-to-south");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("tandem: no flow 'north-to-south' in " + SANDBOX_PLAYBOOK
                + " (flows: east-to-west, west-to-east)" + System.lineSeparator());
    }

    @Test
    void bashCompletionScriptCompletesTheSubcommands() {
        CliRun run = CliRun.of("generate-completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F", "validate", "sandbox");
    }

    @Test
    void verboseIsAcceptedAfterTheSubcommandAndAddsTheStackTrace() {
        CliRun quiet = CliRun.of("validate", "no/such/playbook.yaml");
        CliRun verbose = CliRun.of("validate", "-v", "no/such/playbook.yaml");

        assertThat(quiet.err()).doesNotContain("at dev.tandem");
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.INVALID_PLAYBOOK);
        assertThat(verbose.err()).contains("InvalidPlaybookException", "at dev.tandem");
    }

    @Test
    void sandboxWithoutBrokerJarsSaysHowToGetThem() {
        String previous = System.clearProperty("tandem.broker.lib");
        try {
            CliRun run = CliRun.of("sandbox", "status", "--dir", "target/no-sandbox");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).startsWith("tandem: the Kafka broker jars are not configured");
        } finally {
            if (previous != null) {
                System.setProperty("tandem.broker.lib", previous);
            }
        }
    }
}
