package dev.tandem.verifier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.VerifySpec;
import dev.tandem.verifier.Thresholds;
import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.canary.LatencySummary;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.topology.TopologyResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class ReportsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static VerificationReport report(long lost, long duplicated, long maxLatency, OptionalLong error, long ageMs) {
        CanaryResult canaries = new CanaryResult(10, 10 - lost, lost, duplicated, 0,
                new LatencySummary(5, 8, maxLatency, maxLatency), List.of(5L, 8L, maxLatency));
        CheckpointResult checkpoint = new CheckpointResult("tandem.verifier.f", "tandem.canary", 0, 42,
                OptionalLong.of(40), "exact", error.orElse(1) == 0, error, ageMs,
                error.orElse(1) == 0 ? Optional.empty() : Optional.of("target offset 40 holds canary 6 instead of 5 (1 records off)"));
        TopologyResult topology = new TopologyResult(2, List.of());
        VerifySpec spec = new VerifySpec("tandem.canary", 10, Duration.ofSeconds(5), Duration.ofSeconds(1), 0,
                OptionalLong.of(0), Duration.ofSeconds(30), Duration.ofSeconds(30));
        return new VerificationReport("run-1", "f", "east", "west", T0, T0.plusSeconds(3), topology, canaries, checkpoint,
                Thresholds.failures(spec, dev.tandem.playbook.DeliveryGuarantee.AT_LEAST_ONCE, topology, canaries,
                        checkpoint));
    }

    @Test
    void everyThresholdThatFailsIsNamed() {
        VerificationReport ok = report(0, 0, 900, OptionalLong.of(0), 1_000);
        VerificationReport bad = report(2, 1, 1_500, OptionalLong.of(1), 31_000);

        assertThat(ok.passed()).isTrue();
        assertThat(bad.failureTexts()).containsExactly(
                "canaries: 2 of 10 lost (max-lost 0)",
                "canaries: 1 duplicated (max-duplicated 0)",
                "canaries: latency up to 1500 ms (max-latency 1000 ms)",
                "checkpoint: target offset 40 holds canary 6 instead of 5 (1 records off)",
                "checkpoint: age 31000 ms (max-checkpoint-age 30000 ms)");
    }

    @Test
    void theJsonHasTheDocumentedFields() {
        String json = ReportJson.compact(report(0, 0, 900, OptionalLong.of(0), 1_000));

        assertThat(json).contains("\"version\":1", "\"flow\":\"f\"", "\"passed\":true",
                "\"topology\":{\"checked\":2,\"problems\":[]}",
                "\"canaries\":{\"sent\":10,\"delivered\":10,\"lost\":0,\"duplicated\":0,\"reordered\":0,"
                        + "\"latencyMs\":{\"p50\":5,\"p95\":8,\"p99\":900,\"max\":900}}",
                "\"checkpoint\":{\"group\":\"tandem.verifier.f\",\"topic\":\"tandem.canary\",\"partition\":0,"
                        + "\"sourceOffset\":42,\"targetOffset\":40,\"kind\":\"exact\",\"exact\":true,\"errorRecords\":0,"
                        + "\"ageMs\":1000}", "\"failures\":[]");
    }

    @Test
    void theHtmlReportIsWellFormedWithOneBarPerCanary() throws Exception {
        String html = ReportHtml.render(report(2, 0, 900, OptionalLong.of(1), 1_000), OptionalLong.of(500));

        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getElementsByTagName("rect").getLength()).isEqualTo(3);
        assertThat(html).contains("FAILED", "2 of 10 lost", "<svg", ": 900 ms</title>", "max-latency").doesNotContain("<script");
    }
}
