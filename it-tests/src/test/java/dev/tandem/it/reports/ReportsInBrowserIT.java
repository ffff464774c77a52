package dev.tandem.it.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.cli.drill.DrillReportHtml;
import dev.tandem.cli.status.StatusHtml;
import dev.tandem.drills.DrillReport;
import dev.tandem.it.support.HeadlessChromium;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.status.FlowFacts;
import dev.tandem.status.ProtectionStatus;
import dev.tandem.status.StatusRules;
import dev.tandem.store.DrillRunRepository;
import dev.tandem.verifier.Thresholds;
import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.canary.LatencySummary;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.report.ReportHtml;
import dev.tandem.verifier.report.VerificationReport;
import dev.tandem.verifier.topology.TopologyResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verification, drill and status pages in a real browser (headless Chromium over the DevTools
 * protocol): each chart has a size and its axis labels, ticks and threshold are rendered text; the
 * verdict is one line at the top; the page loads nothing (no network); printed to A4 nothing is wider
 * than the paper. The drill's trends are checked with 1 run and with 100.
 */
class ReportsInBrowserIT {

    private static final Path WORK = Path.of(System.getProperty("tandem.it.work", "target/it-work")).toAbsolutePath();
    private static final Instant T0 = Instant.parse("2026-11-01T02:00:00Z");
    private static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        Files.createDirectories(WORK);
        browser = HeadlessChromium.start(WORK);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        browser.close();
    }

    @Test
    void aFailedVerificationShowsItsReasonFirstAndEachCanarysLatencyAgainstMaxLatency() throws Exception {
        List<Long> latencies = new ArrayList<>(LongStream.rangeClosed(1, 100).map(i -> 20 + i * 3).boxed().toList());
        latencies.set(57, 1_400L);
        CanaryResult canaries = new CanaryResult(100, 100, 0, 0, 0, new LatencySummary(170, 300, 320, 1_400), latencies);
        CheckpointResult checkpoint = new CheckpointResult("tandem.verifier.f", "tandem.canary", 0, 42, OptionalLong.of(40),
                "exact", true, OptionalLong.of(0), 900, Optional.empty());
        TopologyResult topology = new TopologyResult(2, List.of());
        VerifySpec spec = new VerifySpec("tandem.canary", 100, Duration.ofSeconds(5), Duration.ofSeconds(1), 0,
                OptionalLong.of(0), Duration.ofSeconds(30), Duration.ofSeconds(30));
        VerificationReport report = new VerificationReport("run-1", "orders", "east", "west", T0, T0.plusSeconds(3),
                topology, canaries, checkpoint, Thresholds.failures(spec, DeliveryGuarantee.AT_LEAST_ONCE, topology,
                        canaries, checkpoint));
        Page page = load("verify.html", ReportHtml.render(report, OptionalLong.of(1_000)));

        assertThat(page.verdict()).isEqualTo("FAILED: canaries: latency up to 1400 ms (max-latency 1000 ms)");
        JsonNode chart = page.chart("latency-chart");
        assertThat(chart.path("values").asInt()).isEqualTo(100);
        assertThat(chart.path("text").asText()).contains("latency (ms)", "canary (in arrival order)", "max-latency 1000 ms",
                "End-to-end latency of each canary");
        page.checkPrint();
    }

    @Test
    void aDrillsRpoAndRtoTrendsAreReadableWithOneRunAndWithAHundred() throws Exception {
        DrillSpec drill = new DrillSpec("nightly", "orders", Optional.of("0 0 2 * * ?"), List.of(DrillSpec.Step.PREFLIGHT),
                Optional.of(Duration.ofSeconds(10)), Optional.of(Duration.ofSeconds(30)));
        for (int runs : new int[] {1, 100}) {
            List<DrillRunRepository.Run> history = new ArrayList<>();
            for (int i = runs - 1; i >= 0; i--) { // newest first, as the store gives them
                Instant at = T0.plus(Duration.ofDays(i));
                history.add(new DrillRunRepository.Run("run-" + i, "nightly", "orders", at, at.plusSeconds(40), true,
                        Optional.of(10L + i), Optional.of(2_000L + 50L * i), Optional.of(12_000L + 100L * i),
                        Optional.of(80L), "", "{}", Optional.of(at), "host-a"));
            }
            DrillRunRepository.Run last = history.get(0);
            long rto = last.rtoMs().orElseThrow();
            DrillReport report = new DrillReport(last.runId(), "nightly", "orders", last.startedAt(), last.finishedAt(),
                    List.of(new DrillReport.StepResult(DrillSpec.Step.PREFLIGHT, DrillReport.StepResult.Status.PASSED,
                            "both clusters answer", 120)),
                    Optional.of(new DrillReport.Rpo(last.rpoRecords().orElseThrow(), last.rpoWindowMs().orElseThrow())),
                    Optional.of(rto), Optional.of(80L), List.of());
            Page page = load("drill-" + runs + ".html", DrillReportHtml.render(report, drill, history));

            assertThat(page.verdict()).isEqualTo("PASSED: every check passed");
            for (String id : List.of("rpo-trend", "rto-trend")) {
                JsonNode chart = page.chart(id);
                assertThat(chart.path("values").asInt()).as(id).isEqualTo(runs);
                assertThat(chart.path("text").asText()).as(id).contains("(ms)", "run (UTC)", "2026-11-01 02:00",
                        id.startsWith("rpo") ? "max-rpo 10000 ms" : "max-rto 30000 ms");
                assertThat(chart.path("xTicks").asInt()).as(id).isEqualTo(Math.min(runs, 6));
            }
            page.checkPrint();
        }
    }

    @Test
    void theStatusPageHeadlineAndTheCheckpointAgeChartAgainstTheFailoverLimit() throws Exception {
        Instant now = T0.plusSeconds(3_600);
        FlowFacts ok = new FlowFacts("orders", "east", "west",
                FlowFacts.Reading.of(new FlowFacts.Replicators(2, true)), FlowFacts.Reading.of(Optional.of(now)),
                FlowFacts.Reading.of(new FlowFacts.Checkpoints(3, Optional.of(now.minusSeconds(20)), 0)),
                FlowFacts.Reading.of(Optional.of(new FlowFacts.Run(now.minusSeconds(60), true, ""))),
                FlowFacts.Reading.of(List.of()), FlowFacts.Reading.of(Optional.empty()), FlowFacts.Reading.of(Optional.empty()),
                Duration.ofMinutes(15), Duration.ofMinutes(1));
        FlowFacts stale = new FlowFacts("payments", "east", "west", ok.replicators(), ok.newestSyncPointOnTarget(),
                FlowFacts.Reading.of(new FlowFacts.Checkpoints(1, Optional.of(now.minusSeconds(1_200)), 40)),
                ok.lastVerification(), ok.drills(), ok.lastFailover(), ok.lastMigration(), Duration.ofMinutes(15),
                Duration.ofMinutes(1));
        ProtectionStatus status = new ProtectionStatus(now, List.of(StatusRules.grade(ok, now), StatusRules.grade(stale, now)));
        Page page = load("status.html", StatusHtml.render(status));

        assertThat(page.tab.evaluate("document.querySelector('h1').textContent").asText())
                .startsWith("RED: flow payments: checkpoints: ").contains("failover would refuse them");
        JsonNode chart = page.chart("checkpoint-age");
        assertThat(chart.path("values").asInt()).isEqualTo(2);
        assertThat(chart.path("text").asText()).contains("checkpoint age (s)", "orders", "payments",
                "failover.max-checkpoint-age 900 s");
        page.checkPrint();
    }

    private record Page(Path file, HeadlessChromium.Tab tab) {

        String verdict() throws Exception {
            JsonNode verdict = tab.evaluate("(() => { const v = document.getElementById('verdict');"
                    + " const r = v.getBoundingClientRect();"
                    + " return {text: v.textContent, lines: Math.round(r.height / parseFloat(getComputedStyle(v).lineHeight"
                    + " === 'normal' ? 1.2 * parseFloat(getComputedStyle(v).fontSize) : getComputedStyle(v).lineHeight)),"
                    + " first: [...document.body.querySelectorAll('h2')][0] === v}; })()");
            assertThat(verdict.path("first").asBoolean()).as("the verdict is the page's first heading after the title").isTrue();
            assertThat(verdict.path("lines").asInt()).as("the verdict is one line").isEqualTo(1);
            return verdict.path("text").asText();
        }

        /** The chart's rendered size, how many values it draws, its x ticks and all its text. */
        JsonNode chart(String id) throws Exception {
            JsonNode chart = tab.evaluate("(() => { const s = document.getElementById('" + id + "');"
                    + " const r = s.getBoundingClientRect();"
                    + " const labels = [...s.querySelectorAll('text')].filter(t => t.getBBox().width > 0).length;"
                    + " return {width: r.width, height: r.height, values: s.querySelectorAll('.value').length,"
                    + " xTicks: s.querySelectorAll('.x-tick').length, labels: labels,"
                    + " text: [...s.querySelectorAll('text')].map(t => t.textContent).join(' | ')}; })()");
            assertThat(chart.path("width").asDouble()).as("%s width", id).isGreaterThan(300);
            assertThat(chart.path("height").asDouble()).as("%s height", id).isGreaterThan(100);
            assertThat(chart.path("labels").asInt()).as("%s: rendered labels", id).isGreaterThanOrEqualTo(8);
            return chart;
        }

        /** Loaded nothing from anywhere; printed to A4 nothing is wider than the page, and the PDF is made. */
        void checkPrint() throws Exception {
            assertThat(tab.evaluate("performance.getEntriesByType('resource').map(e => e.name)")).as("requests").isEmpty();
            tab.emulateMedia("print");
            JsonNode widths = tab.evaluate("({page: document.documentElement.clientWidth,"
                    + " widest: Math.max(...[...document.querySelectorAll('svg, table')].map(e => e.getBoundingClientRect().right))})");
            tab.emulateMedia("screen");
            assertThat(widths.path("widest").asDouble()).as("printed: charts and tables fit the page")
                    .isLessThanOrEqualTo(widths.path("page").asDouble());
            byte[] pdf = tab.printToPdf();
            assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        }
    }

    private static Page load(String name, String html) throws Exception {
        Path file = WORK.resolve("browser-" + name);
        Files.writeString(file, html);
        return new Page(file, browser.open(file));
    }
}
