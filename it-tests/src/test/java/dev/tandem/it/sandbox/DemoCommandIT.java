package dev.tandem.it.sandbox;

import dev.tandem.it.support.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.clusters.FreePorts;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code tandem demo}, the README's first command, runs end to end and cleans up after itself. */
class DemoCommandIT {

    @Test
    void demoRunsOnTwoSeparateClustersReplicatesAndLeavesNoBrokerRunning() {
        Path dir = Path.of(System.getProperty("tandem.it.work", "target/it-work"))
                .resolve("demo-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();

        CliRun run = CliRun.of("demo", "--dir", dir.toString(), "--east-port", String.valueOf(FreePorts.brokerPort()),
                "--west-port", String.valueOf(FreePorts.brokerPort()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("playbooks/sandbox.yaml: valid", "created topic orders on east",
                "west has no topic orders", "as east.orders",
                "flow east-to-west copied orders on east to east.orders on west: 30 of 30 records");
        assertThat(run.out()).contains("consumer group demo-billing read 4 records of orders-0 on east and committed offset 4",
                "group demo-billing committed offset 4 on east; on west it resumes at east.orders-0 offset 4 (exact)");
        assertThat(run.out()).containsPattern("demo-billing +orders +0 +4 +east\\.orders +4 +exact");
        assertThat(run.out()).contains("sent 30, delivered 30, lost 0", "(exact, 0 records off)", "PASSED",
                "report: " + dir.resolve("verify.html").toAbsolutePath());
        assertThat(dir.resolve("verify.html")).content().contains("<svg", "PASSED");
        assertThat(run.out()).containsPattern("failover-rehearsal +passed").containsPattern("failback-rehearsal +passed")
                .containsPattern("RTO \\d+ ms").contains("report: " + dir.resolve("drill.html").toAbsolutePath());
        assertThat(run.out().substring(run.out().indexOf("== 6."))).contains("PASSED");
        Matcher ids = Pattern.compile("east is cluster (\\S+); west is cluster (\\S+)").matcher(run.out());
        assertThat(ids.find()).isTrue();
        assertThat(ids.group(1)).isNotEqualTo(ids.group(2));
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("-Dtandem.sandbox.node=" + dir)).orElse(false)))
                .isEmpty();
    }
}
