package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failback's options that belong to failover only are usage errors, told before any cluster is contacted. */
class FailbackOptionsTest {

    @Test
    void fromMirrorMaker2AndFromTargetAreForFailoverOnly(@TempDir Path dir) throws IOException {
        Path playbook = dir.resolve("playbook.yaml");
        Files.writeString(playbook, """
                clusters:
                  east: { bootstrap: "127.0.0.1:1" }
                  west: { bootstrap: "127.0.0.1:2" }
                store: { jdbc-url: "jdbc:h2:file:%s" }
                flows:
                  - { name: east-to-west, source: east, target: west, topics: { include: ["orders"] } }
                  - { name: west-to-east, source: west, target: east, topics: { include: ["orders"] } }
                """.formatted(dir.resolve("store")));

        CliRun mm2 = CliRun.of("failback", playbook.toString(), "--flow", "east-to-west", "--group", "billing",
                "--from-mm2");
        assertThat(mm2.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(mm2.err()).isEqualTo("tandem: failback moves groups by Tandem's sync points of both flows;"
                + " --from-mm2 is for failover\n");

        CliRun target = CliRun.of("failback", playbook.toString(), "--flow", "east-to-west", "--group", "billing",
                "--from-target");
        assertThat(target.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(target.err()).contains("--from-target is for failover");
    }
}
