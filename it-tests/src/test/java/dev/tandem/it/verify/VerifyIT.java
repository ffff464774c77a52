package dev.tandem.it.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointSource;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.CliRun;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TestPlaybooks;
import dev.tandem.it.support.TopicData;
import dev.tandem.kafka.InternalGroups;
import dev.tandem.client.Translation;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.VerificationRunRepository;
import dev.tandem.verifier.Verifier;
import dev.tandem.verifier.monitor.ContinuousVerifier;
import dev.tandem.verifier.monitor.VerifyMetrics;
import dev.tandem.verifier.report.Check;
import dev.tandem.verifier.report.VerificationReport;
import dev.tandem.it.clusters.AlsoSecured;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * {@code tandem verify} on two real clusters: passes with the replicator running; reports lost
 * canaries, a missing replica, duplicated canaries and a checkpoint one record off.
 */
class VerifyIT extends ReplicationTestBase {

    @Test
    @AlsoSecured
    void everyCheckPassesWithTheReplicatorRunningAndTheReportsSaySo() throws Exception {
        Setup setup = new Setup(20);
        TopicData.create(clusters.east().spec(), setup.topic, 2, Map.of("retention.ms", "3600000"));
        try (RunningReplicator replicator = setup.replicator()) {
            Path html = WORK.resolve(setup.flow.name() + ".html");
            CliRun run = CliRun.of("verify", setup.playbookFile().toString(), "--flow", setup.flow.name(), "--output",
                    "json", "--report", html.toString());

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.path("passed").asBoolean()).isTrue();
            assertThat(json.path("failures")).isEmpty();
            assertThat(json.path("topology").path("checked").asInt()).isEqualTo(2);
            assertThat(json.path("topology").path("problems")).isEmpty();
            JsonNode canaries = json.path("canaries");
            assertThat(canaries.path("sent").asLong()).isEqualTo(20);
            assertThat(canaries.path("delivered").asLong()).isEqualTo(20);
            assertThat(canaries.path("lost").asLong()).isZero();
            // a passed run's latencies are within its max-latency, and some are more than nothing
            assertThat(canaries.path("latencyMs").path("max").asLong()).isPositive()
                    .isLessThanOrEqualTo(setup.verify.maxLatency().toMillis());
            JsonNode checkpoint = json.path("checkpoint");
            assertThat(checkpoint.path("group").asText()).isEqualTo(InternalGroups.verifier(setup.flow));
            assertThat(checkpoint.path("exact").asBoolean()).isTrue();
            assertThat(checkpoint.path("errorRecords").asLong()).isZero();
            assertThat(checkpoint.path("kind").asText()).isEqualTo("exact");

            Document report = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(Files.readAllBytes(html)));
            var xpath = XPathFactory.newInstance().newXPath();
            assertThat(xpath.evaluate("//*[@id='verdict']", report)).isEqualTo("PASSED: every check passed");
            assertThat(((Double) xpath.evaluate("count(//*[local-name()='rect'][@class='value'])", report,
                    XPathConstants.NUMBER)).intValue()).as("one bar per delivered canary").isEqualTo(20);
            assertThat(xpath.evaluate("//*[@id='canaries']//tr[th='delivered']/td", report)).isEqualTo("20");
            assertThat(xpath.evaluate("//*[@id='canaries']//tr[th='latency p99 ms']/td", report))
                    .isEqualTo(canaries.path("latencyMs").path("p99").asText());

            List<VerificationRunRepository.Run> stored = new VerificationRunRepository(store.jdbi())
                    .recent(setup.flow.name(), 10);
            assertThat(stored).singleElement().satisfies(r -> {
                assertThat(r.passed()).isTrue();
                assertThat(r.runId()).isEqualTo(json.path("runId").asText());
            });
        }
    }

    @Test
    void withTheReplicatorStoppedCanariesAreLostAndADeletedReplicaIsMissing() throws Exception {
        Setup setup = new Setup(10);
        TopicData.create(clusters.east().spec(), setup.topic, 1, Map.of());
        try (RunningReplicator replicator = setup.replicator()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> topics(clusters.west().spec())
                    .contains(setup.flow.targetTopic(setup.topic)));
        }
        try (Admin west = CLIENTS.admin(clusters.west().spec())) {
            west.deleteTopics(List.of(setup.flow.targetTopic(setup.topic))).all().get(30, TimeUnit.SECONDS);
        }

        CliRun run = CliRun.of("verify", setup.playbookFile().toString(), "--flow", setup.flow.name(), "--timeout", "3s");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("sent 10, delivered 0, lost 10", "FAILED", "canaries: 10 of 10 lost (max-lost 0)",
                setup.flow.targetTopic(setup.topic) + " does not exist on the target", "checkpoint: ");
    }

    @Test
    void canariesCopiedTwiceOnTheTargetAreCountedAsDuplicated() throws Exception {
        Setup setup = new Setup(20);
        TopicData.create(clusters.east().spec(), setup.topic, 1, Map.of());
        AtomicBoolean duplicating = new AtomicBoolean(true);
        try (RunningReplicator replicator = setup.replicator()) {
            Thread duplicator = new Thread(() -> duplicateEverything(setup.flow.targetTopic(setup.verify.canaryTopic()),
                    duplicating), "duplicator");
            duplicator.start();
            try {
                VerificationReport report = setup.verifier(new CheckpointRepository(store.jdbi())).verify(setup.flow,
                        setup.verify);

                assertThat(report.canaries().delivered()).isEqualTo(20);
                assertThat(report.canaries().duplicated()).as("copies written by the test on the target").isPositive();
                assertThat(report.passed()).as("duplicates are not checked by default").isTrue();
                VerifySpec strict = new VerifySpec(setup.verify.canaryTopic(), 20, setup.verify.timeout(),
                        setup.verify.maxLatency(), 0, OptionalLong.of(0), setup.verify.maxCheckpointAge(),
                        setup.verify.interval());
                VerificationReport again = setup.verifier(new CheckpointRepository(store.jdbi())).verify(setup.flow, strict);
                assertThat(again.failures())
                        .anyMatch(f -> f.check() == Check.CANARIES && f.message().contains("(max-duplicated 0)"));
            } finally {
                duplicating.set(false);
                duplicator.join(30_000);
            }
        }
    }

    @Test
    void anExactlyOnceFlowPassesWithNoDuplicateAndFailsOnAPlantedOneWithoutBeingTold() throws Exception {
        Setup setup = new Setup(20, DeliveryGuarantee.EXACTLY_ONCE);
        TopicData.create(clusters.east().spec(), setup.topic, 1, Map.of());
        AtomicBoolean duplicating = new AtomicBoolean(true);
        try (RunningReplicator replicator = setup.replicator()) {
            VerificationReport clean = setup.verifier(new CheckpointRepository(store.jdbi())).verify(setup.flow,
                    setup.verify);
            assertThat(clean.failureTexts()).isEmpty();
            assertThat(clean.canaries().duplicated()).isZero();
            assertThat(clean.checkpoint().exact()).as("exact across the target's transaction markers").isTrue();

            Thread duplicator = new Thread(() -> duplicateEverything(setup.flow.targetTopic(setup.verify.canaryTopic()),
                    duplicating), "duplicator");
            duplicator.start();
            try {
                VerificationReport planted = setup.verifier(new CheckpointRepository(store.jdbi())).verify(setup.flow,
                        setup.verify);

                assertThat(planted.canaries().duplicated()).as("copies written by the test on the target").isPositive();
                assertThat(planted.failures()).as("max-duplicated is 0 for an exactly-once flow unless set")
                        .anyMatch(f -> f.check() == Check.CANARIES && f.message().contains("(max-duplicated 0)"));
            } finally {
                duplicating.set(false);
                duplicator.join(30_000);
            }
        }
    }

    @Test
    void aCheckpointOneRecordOffFailsTheCheckpointCheck() throws Exception {
        Setup setup = new Setup(12);
        TopicData.create(clusters.east().spec(), setup.topic, 1, Map.of());
        CheckpointRepository real = new CheckpointRepository(store.jdbi());
        String group = InternalGroups.verifier(setup.flow);
        // Planted: every exact checkpoint of the verifier's group points one record further.
        CheckpointSource planted = (flow, g) -> real.latest(flow, g).stream()
                .map(c -> c.group().equals(group) && c.translation() instanceof Translation.Exact e
                        ? new Checkpoint(c.flow(), c.group(), c.sourceTopic(), c.partition(), c.sourceOffset(),
                        c.targetTopic(), new Translation.Exact(e.targetOffset() + 1), c.committedAt(), c.checkpointedAt())
                        : c)
                .toList();
        try (RunningReplicator replicator = setup.replicator()) {
            VerificationReport report = setup.verifier(planted).verify(setup.flow, setup.verify);

            assertThat(report.canaries().lost()).isZero();
            assertThat(report.checkpoint().exact()).isFalse();
            assertThat(report.checkpoint().errorRecords()).hasValue(1);
            assertThat(report.passed()).isFalse();
            assertThat(report.failures())
                    .anyMatch(f -> f.check() == Check.CHECKPOINT && f.message().contains("1 records off"));
        }
    }

    @Test
    void continuousVerificationRecordsEveryRunInItsMetrics() throws Exception {
        Setup setup = new Setup(15);
        TopicData.create(clusters.east().spec(), setup.topic, 1, Map.of());
        VerifySpec everySecond = new VerifySpec(setup.verify.canaryTopic(), 15, setup.verify.timeout(),
                setup.verify.maxLatency(), 0, OptionalLong.empty(), setup.verify.maxCheckpointAge(), Duration.ofSeconds(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<VerificationReport> reports = new java.util.ArrayList<>();
        try (RunningReplicator replicator = setup.replicator()) {
            ContinuousVerifier[] monitor = new ContinuousVerifier[1];
            monitor[0] = new ContinuousVerifier(setup.verifier(new CheckpointRepository(store.jdbi())),
                    new VerifyMetrics(registry, setup.flow.name()), report -> {
                        reports.add(report);
                        if (reports.size() == 2) {
                            monitor[0].stop();
                        }
                    });

            assertThat(monitor[0].run(setup.flow, everySecond)).isEqualTo(2);
        }

        assertThat(reports).allSatisfy(r -> assertThat(r.failures()).isEmpty());
        assertThat(registry.counter("tandem.verify.canaries.sent", "flow", setup.flow.name()).count()).isEqualTo(30);
        assertThat(registry.counter("tandem.verify.canaries.lost", "flow", setup.flow.name()).count()).isZero();
        assertThat(registry.summary("tandem.verify.canary.latency", "flow", setup.flow.name()).count()).isEqualTo(30);
        assertThat(registry.get("tandem.verify.last.run.passed").tag("flow", setup.flow.name()).gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.counter("tandem.verify.runs", "flow", setup.flow.name(), "result", "passed").count())
                .isEqualTo(2);
    }

    @Test
    void metricsWithoutContinuousIsAUsageError() throws Exception {
        Setup setup = new Setup(1);

        CliRun run = CliRun.of("verify", setup.playbookFile().toString(), "--flow", setup.flow.name(), "--metrics-port", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--metrics-port needs --continuous");
        CliRun both = CliRun.of("verify", setup.playbookFile().toString(), "--flow", setup.flow.name(), "--canaries", "5",
                "--duration", "2s");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void anUnreachableTargetIsExitFiveNamingIt() throws Exception {
        Path playbook = Files.createTempFile(WORK, "verify-unreachable", ".yaml");
        Files.writeString(playbook, String.join("\n",
                "clusters:",
                "  east: { bootstrap: \"" + clusters.east().bootstrap() + "\" }",
                "  gone: { bootstrap: \"127.0.0.1:1\", properties: { default.api.timeout.ms: \"3000\","
                        + " request.timeout.ms: \"1000\" } }",
                "store: { jdbc-url: \"" + storeUrl + "\" }",
                "flows:",
                "  - { name: to-nowhere, source: east, target: gone, topics: { include: [\"x\"] } }",
                "verify: { canary-topic: " + TestTopics.randomName("canary") + " }",
                ""));

        CliRun run = CliRun.of("verify", playbook.toString(), "--flow", "to-nowhere");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("tandem: ").contains(" on gone");
    }

    @Test
    void aDurationSendsTenCanariesPerSecondForThatLong() throws Exception {
        Setup setup = new Setup(1);
        TopicData.create(clusters.east().spec(), setup.topic, 1, Map.of());
        try (RunningReplicator replicator = setup.replicator()) {
            CliRun run = CliRun.of("verify", setup.playbookFile().toString(), "--flow", setup.flow.name(), "--duration",
                    "2s", "--output", "json");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            JsonNode canaries = new ObjectMapper().readTree(run.out()).path("canaries");
            assertThat(canaries.path("sent").asLong()).isEqualTo(20);
            assertThat(canaries.path("delivered").asLong()).isEqualTo(20);
        }
    }

    /** A flow with its own topic and canary topic, and a playbook with short timeouts. */
    private static final class Setup {
        final String topic = TestTopics.randomName("verified");
        final Flow flow;
        final VerifySpec verify;
        final Playbook playbook;

        Setup(int canaries) {
            this(canaries, DeliveryGuarantee.AT_LEAST_ONCE);
        }

        Setup(int canaries, DeliveryGuarantee delivery) {
            flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX, delivery);
            verify = new VerifySpec(TestTopics.randomName("canary"), canaries, Duration.ofSeconds(45),
                    Duration.ofSeconds(30), 0, OptionalLong.empty(), Duration.ofSeconds(30), Duration.ofSeconds(30));
            Map<String, ClusterSpec> specs = new LinkedHashMap<>();
            specs.put("east", clusters.east().spec());
            specs.put("west", clusters.west().spec());
            playbook = new Playbook(specs, new StoreSpec(storeUrl, Optional.empty(), Optional.empty()), List.of(flow),
                    verify);
        }

        RunningReplicator replicator() {
            return new RunningReplicator(playbook, List.of(flow), store);
        }

        Verifier verifier(CheckpointSource checkpoints) {
            return new Verifier(playbook, CLIENTS, checkpoints, new dev.tandem.store.SourceGapRepository(store.jdbi()),
                    Clock.systemUTC());
        }

        Path playbookFile() throws Exception {
            return TestPlaybooks.write(WORK, clusters, storeUrl,
                    "flows:",
                    "  - { name: " + flow.name() + ", source: east, target: west, topics: { include: [\"" + topic
                            + "\"] }, topic-refresh: 1s, checkpoint-interval: 1s }",
                    "verify:",
                    "  canary-topic: " + verify.canaryTopic(),
                    "  canaries: " + verify.canaries(),
                    "  timeout: 45s",
                    "  max-latency: 30s");
        }
    }

    private static java.util.Set<String> topics(ClusterSpec cluster) throws Exception {
        try (Admin admin = CLIENTS.admin(cluster)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes a second copy of every record that appears on the topic on west, until told to stop. */
    private static void duplicateEverything(String topic, AtomicBoolean running) {
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(clusters.west().spec(), Map.of());
             Producer<byte[], byte[]> producer = CLIENTS.producer(clusters.west().spec(), Map.of())) {
            java.util.Set<String> copied = new java.util.HashSet<>();
            while (running.get()) {
                if (consumer.assignment().isEmpty()) {
                    var ends = TopicData.endOffsets(clusters.west().spec(), topic);
                    if (ends.isEmpty()) {
                        continue;
                    }
                    consumer.assign(ends.keySet());
                    consumer.seekToBeginning(ends.keySet());
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (copied.add(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8))) {
                        producer.send(new ProducerRecord<>(topic, record.partition(), record.key(), record.value()));
                    }
                }
                producer.flush();
            }
        }
    }
}
