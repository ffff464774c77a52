package dev.tandem.it.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.TopicData;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.TandemProcess;
import dev.tandem.it.support.TestPlaybooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (ops/grafana) and the Prometheus alert rules (ops/prometheus) use only metric
 * names and labels that a real {@code tandem replicate}, {@code verify --continuous} and
 * {@code drill schedule} expose: each runs as a process of its own against the test clusters, their
 * metrics endpoints are scraped, and every expression's names are checked against what was scraped.
 * Their health endpoints answer too.
 */
class MonitoringContractIT extends ReplicationTestBase {

    /** Labels Prometheus adds to every scraped series, and its own {@code up} series. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final Pattern PORT = Pattern.compile("metrics on :(\\d+)/metrics");
    private static final Path OPS = Path.of(System.getProperty("tandem.ops.dir", "../ops"));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void dashboardsAndAlertRulesUseOnlyWhatTheProcessesExpose() throws Exception {
        String topic = TestTopics.randomName("monitored");
        String flow = TestTopics.randomName("flow");
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        produce(topic, 0, 50);
        Path playbook = TestPlaybooks.write(WORK, clusters, storeUrl,
                "flows:",
                "  - { name: " + flow + ", source: east, target: west, topics: { include: [\"" + topic + "\"] } }",
                "verify: { canary-topic: " + TestTopics.randomName("canary") + ", canaries: 5, timeout: 30s, interval: 1m }",
                "drills:",
                "  - { name: " + TestTopics.randomName("nightly") + ", flow: " + flow
                        + ", schedule: \"0 0 2 * * ?\", steps: [preflight] }");
        List<Process> processes = new ArrayList<>();
        Map<String, Set<String>> exposed = new HashMap<>();
        try {
            Path replicateLog = WORK.resolve(playbook.getFileName() + ".replicate.log");
            Path verifyLog = WORK.resolve(playbook.getFileName() + ".verify.log");
            Path drillLog = WORK.resolve(playbook.getFileName() + ".drill.log");
            processes.add(TandemProcess.start(replicateLog, "replicate", playbook.toString(), "--metrics-port", "0",
                    "--no-progress"));
            processes.add(TandemProcess.start(verifyLog, "verify", playbook.toString(), "--flow", flow, "--continuous",
                    "--metrics-port", "0"));
            processes.add(TandemProcess.start(drillLog, "drill", "schedule", playbook.toString(), "--metrics-port", "0"));
            // each process's series that appear only once it works (a partition assigned, a canary sent, a drill read)
            Map<Path, String> workingSeries = Map.of(replicateLog, "tandem_replication_partition_lag_records{",
                    verifyLog, "tandem_verify_canaries_sent_total{", drillLog, "tandem_drill_last_passed{");
            for (Path log : List.of(replicateLog, verifyLog, drillLog)) {
                int port = TandemProcess.awaitPrintedPort(log, PORT, Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(get(port, "/ready").statusCode()).as("%s: /ready", log.getFileName()).isEqualTo(200));
                assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
                HttpResponse<String> scrape = await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/metrics"),
                        r -> r.statusCode() == 200 && r.body().contains(workingSeries.get(log)));
                parse(scrape.body(), exposed);
            }
        } finally {
            for (Process process : processes) {
                TandemProcess.stop(process, Duration.ofSeconds(30));
            }
        }
        assertThat(exposed).containsKeys("tandem_replicated_records_total", "tandem_records_lost_at_source_total", "tandem_verify_canaries_lost_total",
                "tandem_drill_last_passed");

        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(OPS.resolve("grafana/tandem.json").toFile());
        dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                expressions.add(variable.path("query").path("query").asText());
            }
        }
        int dashboardExpressions = expressions.size();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(OPS.resolve("prometheus/tandem-alerts.yaml").toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("alert").asText()).as("every rule is an alert with a name").isNotBlank();
                assertThat(rule.path("labels").path("severity").asText()).as(rule.path("alert").asText())
                        .isIn("critical", "warning");
                expressions.add(rule.path("expr").asText());
            }
        }
        assertThat(dashboardExpressions).as("dashboard expressions").isGreaterThan(20);
        assertThat(expressions.size() - dashboardExpressions).as("alert rules").isGreaterThan(10);

        List<String> problems = new ArrayList<>();
        for (String expression : expressions) {
            PromQlNames names = PromQlNames.of(expression);
            assertThat(names.metrics()).as("metrics of %s", expression).isNotEmpty();
            Set<String> labelsOfItsMetrics = new HashSet<>(TARGET_LABELS);
            for (String metric : names.metrics()) {
                if (PROMETHEUS_SERIES.contains(metric)) {
                    continue;
                }
                if (!exposed.containsKey(metric)) {
                    problems.add("no process exposes " + metric + " (in " + expression + ")");
                } else {
                    labelsOfItsMetrics.addAll(exposed.get(metric));
                }
            }
            for (String label : names.labels()) {
                if (!labelsOfItsMetrics.contains(label)) {
                    problems.add("label " + label + " is not on " + names.metrics() + " (in " + expression + ")");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Each series' name and label names, from the Prometheus text format. */
    private static void parse(String body, Map<String, Set<String>> exposed) {
        Pattern series = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? ");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
        body.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(line -> {
            Matcher m = series.matcher(line);
            assertThat(m.find()).as("a series line: %s", line).isTrue();
            Set<String> labels = exposed.computeIfAbsent(m.group(1), k -> new HashSet<>());
            if (m.group(3) != null) {
                Matcher l = label.matcher(m.group(3));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        });
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
