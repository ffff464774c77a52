package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for {@code tandem import mm2}: for every MirrorMaker 2 properties file in
 * src/test/resources/mm2-imports, its {@code .expected} file holds the exit code, stdout (the playbook)
 * and stderr ({@code {file}} stands for the path). {@code -Dtandem.golden.update=true} rewrites them
 * after a deliberate change; review the diff.
 */
class Mm2ImportGoldenTest {

    private static final Path DIR = Path.of("src/test/resources/mm2-imports");
    private static final boolean UPDATE = Boolean.getBoolean("tandem.golden.update");

    static Stream<Path> files() throws IOException {
        return Files.list(DIR).filter(p -> p.toString().endsWith(".properties")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void importPrintsItsGoldenPlaybookAndRemarks(Path file) throws IOException {
        CliRun run = CliRun.of("import", "mm2", file.toString());
        String actual = ("exit " + run.exitCode() + "\n--- stdout\n" + run.out() + "--- stderr\n" + run.err())
                .replace(file.toString(), "{file}");
        Path golden = Path.of(file.toString().replaceFirst("\\.properties$", ".expected"));
        if (UPDATE) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void anInvalidFileExitsThreeWithTheLinesOfItsMistakes() {
        CliRun run = CliRun.of("import", "mm2", DIR.resolve("08-unknown-cluster-and-missing-bootstrap.properties")
                .toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_PLAYBOOK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(4).allSatisfy(line -> assertThat(line)
                .matches(".*08-unknown-cluster-and-missing-bootstrap.properties:\\d+: .*"));
    }

    @Test
    void aMissingFileIsAUsageError() {
        CliRun run = CliRun.of("import", "mm2", "no-such-mm2.properties");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("tandem: import mm2 no-such-mm2.properties: no such file\n");
    }

    @Test
    void anOutputThatCannotBeWrittenIsAUsageError(@TempDir Path dir) {
        Path output = dir.resolve("no-such-folder").resolve("playbook.yaml");
        CliRun run = CliRun.of("import", "mm2", DIR.resolve("03-identity-policy.properties").toString(), "-o",
                output.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).endsWith("tandem: import mm2: cannot write " + output + ": no such folder "
                + output.getParent() + "\n");
        assertThat(output).doesNotExist();
    }

    @Test
    void withStartEarliestTheFlowsCopyFromTheFirstRecordAndAnUnknownStartIsAUsageError() {
        String file = DIR.resolve("03-identity-policy.properties").toString();
        CliRun earliest = CliRun.of("import", "mm2", file, "--start", "earliest");
        assertThat(earliest.exitCode()).as(earliest.err()).isZero();
        assertThat(earliest.out()).contains("naming: identity").doesNotContain("start:");
        assertThat(earliest.err()).contains("positions: note: the flows copy every partition from its first record"
                + " (--start earliest)");

        CliRun unknown = CliRun.of("import", "mm2", file, "--start", "latest");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).isEqualTo("tandem: import mm2: --start latest: expected from-mirrormaker2 or"
                + " earliest\n");
    }

    @Test
    void noSecretOfTheFileReachesThePlaybookOrTheMessages() {
        CliRun run = CliRun.of("import", "mm2", DIR.resolve("02-security-settings.properties").toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out() + run.err()).doesNotContain("literal-truststore-secret", "literal-onprem-secret")
                .contains("${env:SSL_TRUSTSTORE_PASSWORD}", "${env:ONPREM_SASL_JAAS_CONFIG}",
                        "${file:/etc/mm2/secrets.properties:keystore.password}", "${env:CLOUD_KEY_PASSWORD}");
    }

    @Test
    void theWrittenPlaybookValidatesOnceItsVariablesAreSet(@TempDir Path dir) throws IOException {
        Path playbook = dir.resolve("imported.yaml");
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "keystore.password=from-a-file\n");
        Path mm2 = dir.resolve("mm2.properties");
        Files.writeString(mm2, Files.readString(DIR.resolve("02-security-settings.properties"))
                .replace("/etc/mm2/secrets.properties", secrets.toString()));
        CliRun imported = CliRun.of("import", "mm2", mm2.toString(), "-o", playbook.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).isEmpty();
        assertThat(imported.err()).endsWith("tandem: import mm2: wrote " + playbook
                + " (2 clusters, 1 flows: onprem-to-cloud); it validates (tandem validate checks its ${env:...} and"
                + " ${file:...} where it runs)\n");

        CliRun unset = CliRun.of("validate", playbook.toString());
        assertThat(unset.exitCode()).isEqualTo(ExitCodes.INVALID_PLAYBOOK);
        assertThat(unset.err()).contains("SSL_TRUSTSTORE_PASSWORD");

        CliRun set = CliRun.withEnv(Map.of("SSL_TRUSTSTORE_PASSWORD", "t", "ONPREM_SASL_JAAS_CONFIG", "j",
                "CLOUD_SASL_JAAS_CONFIG", "v", "CLOUD_KEY_PASSWORD", "k"), "validate", playbook.toString());
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("onprem-to-cloud", "onprem -> cloud").doesNotContain("from-a-file");
    }
}
