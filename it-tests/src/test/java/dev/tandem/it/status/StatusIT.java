package dev.tandem.it.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.CliRun;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.TandemProcess;
import dev.tandem.it.support.TestPlaybooks;
import dev.tandem.it.support.TopicData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem status} on two real clusters: green with a replicator running and a passed verification
 * (also as the page {@code --serve} answers), red naming the replicator group once it is stopped, and
 * still answering from the store and the target, within its bound, with the source cluster stopped.
 */
class StatusIT extends ReplicationTestBase {

    /** What a status call may take: its cluster calls are bounded at 5 s each; a JVM start besides. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void greenWhileReplicatingRedOnceTheReplicatorStopsAndItStillAnswersWithTheSourceDown() throws Exception {
        String topic = TestTopics.randomName("status");
        String flow = TestTopics.randomName("flow");
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        produce(topic, 0, 20);
        Path playbook = TestPlaybooks.write(WORK, clusters, storeUrl,
                "flows:",
                "  - { name: " + flow + ", source: east, target: west, topics: { include: [\"" + topic + "\"] },"
                        + " topic-refresh: 1s, checkpoint-interval: 1s }",
                "verify: { canary-topic: " + TestTopics.randomName("canary") + ", canaries: 5, timeout: 30s }");

        Process replicator = TandemProcess.start(WORK.resolve(playbook.getFileName() + ".replicate.log"), "replicate",
                playbook.toString(), "--no-progress");
        try {
            TopicData.readUntilKeys(clusters.west().spec(), "east." + topic, 20);
            CliRun verify = CliRun.of("verify", playbook.toString(), "--flow", flow);
            assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

            // the checkpointer checkpoints the verifier's group within a cycle or two
            JsonNode green = await().atMost(Duration.ofSeconds(60)).until(() -> status(playbook, 0),
                    s -> s.path("level").asText().equals("green"));
            JsonNode findings = findings(green, flow);
            assertThat(finding(findings, "replication")).contains("1 replicator process(es) running")
                    .contains("newest sync point on west");
            assertThat(finding(findings, "checkpoints")).contains("1 group(s)");
            assertThat(finding(findings, "verification")).startsWith("passed");

            Process served = TandemProcess.start(WORK.resolve(playbook.getFileName() + ".serve.log"), "status",
                    playbook.toString(), "--serve", "0");
            try {
                Path log = WORK.resolve(playbook.getFileName() + ".serve.log");
                int port = TandemProcess.awaitPrintedPort(log, Pattern.compile("status on \\S*:(\\d+)/"), Duration.ofSeconds(60));
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(LIMIT).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
                assertThat(page.body()).contains("<title>Tandem status: GREEN</title>", "http-equiv=\"refresh\"",
                        "flow " + flow, "id=\"checkpoint-age\"").doesNotContain("src=", "href=", "<script", "<link");
                HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/status.json")).timeout(LIMIT).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(new ObjectMapper().readTree(json.body()).path("level").asText()).isEqualTo("green");
            } finally {
                TandemProcess.stop(served, Duration.ofSeconds(30));
            }
        } finally {
            TandemProcess.stop(replicator, Duration.ofSeconds(30));
        }

        // the group loses its member when the process leaves it
        JsonNode stopped = await().atMost(Duration.ofSeconds(60)).until(() -> status(playbook, 1),
                s -> s.path("level").asText().equals("red"));
        assertThat(findings(stopped, flow).findValuesAsText("level")).containsExactly("red", "green", "green");
        assertThat(finding(findings(stopped, flow), "replication"))
                .contains("no replicator is running (group tandem.replicator." + flow + " on east has no members)");

        clusters.east().stop();
        try {
            JsonNode sourceDown = status(playbook, 1);
            JsonNode downFindings = findings(sourceDown, flow);
            assertThat(finding(downFindings, "replication")).startsWith("source east not reachable")
                    .contains("newest sync point on west");
            // what failover needs is still known: from the store, with the source down
            assertThat(finding(downFindings, "checkpoints")).contains("1 group(s)");
            assertThat(downFindings.findValuesAsText("level")).containsExactly("red", "green", "green");
            assertThat(sourceDown.path("headline").asText()).startsWith("RED: flow " + flow + ": replication: source east");
        } finally {
            clusters.east().start();
        }
    }

    /** {@code tandem status --output json} in a process of its own; fails unless it ends within LIMIT with that code. */
    private static JsonNode status(Path playbook, int exitCode) throws Exception {
        TandemProcess.Finished run = TandemProcess.run(WORK, LIMIT, List.of(), "status", playbook.toString(),
                "--output", "json");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exitCode);
        return new ObjectMapper().readTree(run.out());
    }

    private static JsonNode findings(JsonNode status, String flow) {
        for (JsonNode f : status.path("flows")) {
            if (f.path("flow").asText().equals(flow)) {
                return f.path("findings");
            }
        }
        throw new AssertionError("no flow " + flow + " in " + status);
    }

    private static String finding(JsonNode findings, String aspect) {
        for (JsonNode f : findings) {
            if (f.path("aspect").asText().equals(aspect)) {
                return f.path("text").asText();
            }
        }
        throw new AssertionError("no finding " + aspect + " in " + findings);
    }
}
