package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: every playbook in src/test/resources/invalid-playbooks makes {@code tandem
 * validate} exit 3 and print exactly the errors in its {@code .expected} file ({@code {file}}
 * stands for the path). Run with {@code -Dtandem.golden.update=true} to rewrite the expectations
 * after a deliberate change of wording, then review the diff.
 */
class InvalidPlaybooksTest {

    private static final Path DIR = Path.of("src/test/resources/invalid-playbooks");
    private static final boolean UPDATE = Boolean.getBoolean("tandem.golden.update");

    static Stream<Path> invalidPlaybooks() throws IOException {
        return Files.list(DIR).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @Test
    void everyInvalidPlaybookHasItsGoldenErrorsAndEveryGoldenItsPlaybook() throws IOException {
        java.util.Set<String> playbooks;
        java.util.Set<String> goldens;
        try (Stream<Path> files = Files.list(DIR)) {
            java.util.List<String> names = files.map(p -> p.getFileName().toString()).toList();
            playbooks = names.stream().filter(n -> n.endsWith(".yaml")).map(n -> n.replaceFirst("\\.yaml$", ""))
                    .collect(java.util.stream.Collectors.toSet());
            goldens = names.stream().filter(n -> n.endsWith(".expected")).map(n -> n.replaceFirst("\\.expected$", ""))
                    .collect(java.util.stream.Collectors.toSet());
        }
        assertThat(playbooks).isNotEmpty().isEqualTo(goldens);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPlaybooks")
    void invalidPlaybookExitsThreeWithItsGoldenErrors(Path playbook) throws IOException {
        CliRun run = CliRun.of("validate", playbook.toString());
        String actual = run.err().replace(playbook.toString(), "{file}");
        Path golden = Path.of(playbook.toString().replaceFirst("\\.yaml$", ".expected"));
        if (UPDATE) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }

        assertThat(run.exitCode()).as("exit code").isEqualTo(ExitCodes.INVALID_PLAYBOOK);
        assertThat(run.out()).as("stdout").isEmpty();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        assertThat(actual.lines()).allSatisfy(line -> assertThat(line).startsWith("{file}"));
    }
}
