package dev.tandem.it.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.CliRun;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TandemProcess;
import dev.tandem.it.support.TestPlaybooks;
import dev.tandem.it.support.TopicData;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.drills.DrillFailure;
import dev.tandem.drills.DrillReport;
import dev.tandem.drills.DrillRunner;
import dev.tandem.drills.DrillScheduler;
import dev.tandem.store.DrillRunRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import dev.tandem.store.TandemStore;
import dev.tandem.it.clusters.AlsoSecured;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code tandem drill run} and {@code drill history} on two real clusters. */
class DrillIT extends ReplicationTestBase {

    private final String topic = TestTopics.randomName("drilled");
    private final String canary = TestTopics.randomName("canary");
    private final Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
    private final String drill = TestTopics.randomName("nightly");

    private Path playbook(String timeout) throws Exception {
        return TestPlaybooks.write(WORK, clusters, storeUrl,
                "flows:",
                "  - { name: " + flow.name() + ", source: east, target: west, topics: { include: [\"" + topic + "\"] } }",
                "  - { name: back-" + flow.name() + ", source: west, target: east, topics: { include: [\"" + topic
                        + "\"] } }",
                "verify: { canary-topic: " + canary + ", canaries: 10, timeout: " + timeout + ", max-latency: 30s }",
                "drills:",
                "  - name: " + drill,
                "    flow: " + flow.name(),
                "    schedule: \"0 0 2 * * ?\"",
                "    steps: [preflight, topology, canaries, checkpoint, failover-rehearsal, failback-rehearsal]",
                "    thresholds: { max-rpo: 5s, max-rto: 30s }",
                "  - name: " + drill + "-strict",
                "    flow: " + flow.name(),
                "    steps: [preflight, failover-rehearsal]",
                "    thresholds: { max-rto: 1ms }",
                "  - name: " + drill + "-rpo",
                "    flow: " + flow.name(),
                "    steps: [preflight, failover-rehearsal]",
                "    thresholds: { max-rpo: 1h }");
    }

    private RunningReplicator replicator() {
        return replicator(flow);
    }

    private RunningReplicator replicator(Flow flow) {
        Map<String, ClusterSpec> specs = new LinkedHashMap<>();
        specs.put("east", clusters.east().spec());
        specs.put("west", clusters.west().spec());
        VerifySpec verify = new VerifySpec(canary, 10, Duration.ofSeconds(45), Duration.ofSeconds(30), 0,
                OptionalLong.empty(), Duration.ofSeconds(30), Duration.ofSeconds(30));
        return new RunningReplicator(new Playbook(specs, new StoreSpec(storeUrl, Optional.empty(), Optional.empty()),
                List.of(flow), verify), List.of(flow), store);
    }

    @Test
    @AlsoSecured
    void aDrillWithEveryStepPassesWithTheReplicatorRunningAndMeasuresRpoAndRto() throws Exception {
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        Path playbook = playbook("45s");
        try (RunningReplicator replicator = replicator()) {
            Path html = WORK.resolve(drill + ".html");
            CliRun run = CliRun.of("drill", "run", playbook.toString(), "--drill", drill, "--output", "json", "--report",
                    html.toString());
            CliRun strict = CliRun.of("drill", "run", playbook.toString(), "--drill", drill + "-strict");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.path("passed").asBoolean()).isTrue();
            assertThat(json.path("steps")).hasSize(6).allSatisfy(s -> assertThat(s.path("status").asText())
                    .as(s.toString()).isEqualTo("passed"));
            assertThat(json.path("rtoMs").asLong()).isPositive();
            assertThat(json.path("rpo").path("records").isNumber()).isTrue();
            assertThat(json.path("canaryP99Ms").isNumber()).isTrue();
            var report = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(html.toFile());
            var xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
            assertThat(xpath.evaluate("//*[@id='verdict']", report)).isEqualTo("PASSED: every check passed");
            assertThat(xpath.evaluate("//*[@id='measures']//tr[th='RTO ms']/td", report))
                    .isEqualTo(json.path("rtoMs").asText());
            assertThat(xpath.evaluate("count(//*[@id='rto-trend']/*[local-name()='circle'])", report)).isEqualTo("1");

            assertThat(strict.exitCode()).as(strict.out() + strict.err()).isEqualTo(1);
            assertThat(strict.out()).containsPattern("RTO \\d+ ms exceeds max-rto 1 ms").contains("FAILED");
        }

        CliRun history = CliRun.of("drill", "history", playbook.toString());
        assertThat(history.exitCode()).isZero();
        assertThat(history.out()).contains(drill + "-strict", "failed", "passed").containsPattern(drill + " +passed");
    }

    @Test
    void withTheFlowBehindTheSourceADrillMeasuresTheRecordsNotReplicatedAndFailsItsMaxRpo() throws Exception {
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        // 2,000 records of 1 KB, written two hours ago by their timestamps, copied at 20 KB/s: about 100 s of backlog.
        int backlog = 2_000;
        long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        try (var producer = CLIENTS.producer(clusters.east().spec(), Map.of())) {
            for (int i = 0; i < backlog; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, twoHoursAgo + i,
                        ("key-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[1_000]));
            }
            producer.flush();
        }
        Flow throttled = new Flow(flow.name(), flow.source(), flow.target(), flow.topics(), flow.naming(), flow.groups(),
                flow.replicationFactor(), flow.topicRefresh(), flow.checkpointInterval(), flow.syncGroupOffsets(),
                flow.delivery(), flow.commitInterval(), flow.start(), OptionalLong.of(20_000));
        Path playbook = playbook("45s");
        try (RunningReplicator replicator = replicator(throttled)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> TopicData.endOffsets(clusters.west().spec(),
                    flow.targetTopic(topic)).values().stream().mapToLong(Long::longValue).sum() > 0);

            CliRun run = CliRun.of("drill", "run", playbook.toString(), "--drill", drill + "-rpo", "--output", "json");

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.path("steps")).allSatisfy(s -> assertThat(s.path("status").asText()).as(s.toString())
                    .isEqualTo("passed"));
            long notReplicated = json.path("rpo").path("records").asLong();
            long copiedAfter = TopicData.endOffsets(clusters.west().spec(), flow.targetTopic(topic)).values().stream()
                    .mapToLong(Long::longValue).sum();
            assertThat(notReplicated).as("the records of %s not on west at the cut", topic)
                    .isPositive().isGreaterThanOrEqualTo(backlog - copiedAfter).isLessThan(backlog);
            long windowMs = json.path("rpo").path("windowMs").asLong();
            assertThat(windowMs).as("the oldest record not replicated was written two hours ago")
                    .isBetween(Duration.ofHours(2).toMillis() - Duration.ofMinutes(5).toMillis(),
                            Duration.ofHours(2).toMillis() + Duration.ofMinutes(5).toMillis());
            assertThat(json.path("failures").toString()).contains("RPO " + windowMs + " ms exceeds max-rpo 3600000 ms");
        }
    }

    @Test
    void withTheReplicatorStoppedADrillFailsAtTheCanaryStep() throws Exception {
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        TopicData.create(clusters.east().spec(), canary, 3, Map.of());
        try (RunningReplicator replicator = replicator()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !TopicData.endOffsets(clusters.west().spec(),
                    flow.targetTopic(canary)).isEmpty() && !TopicData.endOffsets(clusters.west().spec(),
                    flow.targetTopic(topic)).isEmpty());
        }

        CliRun run = CliRun.of("drill", "run", playbook("3s").toString(), "--drill", drill);

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern("preflight +passed").containsPattern("topology +passed")
                .containsPattern("canaries +failed").containsPattern("checkpoint +skipped")
                .containsPattern("failover-rehearsal +skipped").contains("canaries: 10 of 10 lost");
    }

    @Test
    void aScheduledDrillRunsOnScheduleNeverOverlapsItselfAndIsListedInTheHistory() throws Exception {
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        Path playbook = TestPlaybooks.write(WORK, clusters, storeUrl,
                "flows:",
                "  - { name: " + flow.name() + ", source: east, target: west, topics: { include: [\"" + topic + "\"] } }",
                "verify: { canary-topic: " + canary + ", canaries: 3, timeout: 2s }",
                "drills:",
                "  - { name: " + drill + ", flow: " + flow.name() + ", schedule: \"*/2 * * * * ?\","
                        + " steps: [preflight, canaries] }");
        Playbook loaded = new dev.tandem.playbook.load.PlaybookLoader(System::getenv, new dev.tandem.drills.QuartzCron()).load(playbook);
        List<DrillReport> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        DrillRunRepository runs = new DrillRunRepository(store.jdbi());
        // Each run takes longer than the 2 s between firings (the replicator is not running: canaries wait and are lost).
        try (DrillScheduler scheduler = DrillScheduler.inMemory(loaded, new DrillRunner(loaded, CLIENTS, store,
                java.time.Clock.systemUTC()), run -> {
                    runs.save(dev.tandem.cli.drill.DrillRuns.stored(run));
                    finished.add(run.report());
                })) {
            assertThat(scheduler.start()).containsExactly(drill);
            await().atMost(Duration.ofSeconds(60)).until(() -> finished.size() >= 2);
        }

        List<DrillReport> sorted = finished.stream().sorted(java.util.Comparator.comparing(DrillReport::startedAt)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).startedAt()).as("run %d starts after run %d ended", i, i - 1)
                    .isAfterOrEqualTo(sorted.get(i - 1).finishedAt());
        }
        assertThat(sorted).allSatisfy(r -> assertThat(r.failures()).anyMatch(f -> f instanceof DrillFailure.StepFailed s
                && s.step() == DrillSpec.Step.CANARIES));
        CliRun history = CliRun.of("drill", "history", playbook.toString(), "--drill", drill);
        assertThat(history.exitCode()).isZero();
        assertThat(history.out().lines().filter(l -> l.contains(drill + "  failed")).count())
                .isGreaterThanOrEqualTo(sorted.size());
    }

    /**
     * Two hosts' schedulers sharing a store: the H2 file this test process serves (AUTO_SERVER), or PostgreSQL;
     * the first stopped as a service manager does (SIGTERM), or dying with its host (SIGKILL).
     */
    @ParameterizedTest(name = "{0}, first {1}")
    @CsvSource({"h2, SIGTERM", "postgresql, SIGTERM", "h2, SIGKILL"})
    void twoClusteredSchedulersSharingTheStoreRunEachFiringOnceAndOneGoesOnWhenTheOtherStops(String database, String signal)
            throws Exception {
        boolean kill = signal.equals("SIGKILL");
        if (database.equals("h2")) {
            twoClusteredSchedulers(storeUrl, new DrillRunRepository(store.jdbi()), kill);
        } else {
            try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
                 TandemStore shared = TandemStore.open(new StoreSpec(postgres.getJdbcUrl("postgres", "postgres"),
                         Optional.empty(), Optional.empty()))) {
                twoClusteredSchedulers(postgres.getJdbcUrl("postgres", "postgres"), new DrillRunRepository(shared.jdbi()),
                        kill);
            }
        }
    }

    private void twoClusteredSchedulers(String sharedStore, DrillRunRepository runs, boolean kill) throws Exception {
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        Path playbook = TestPlaybooks.write(WORK, clusters, sharedStore,
                "flows:",
                "  - { name: " + flow.name() + ", source: east, target: west, topics: { include: [\"" + topic + "\"] } }",
                "drills:",
                "  - { name: " + drill + ", flow: " + flow.name() + ", schedule: \"*/2 * * * * ?\", steps: [preflight] }",
                "scheduler: { clustered: true }");
        // Two real processes, as two hosts would be.
        Process first = schedulerProcess(playbook, "first");
        Process second = schedulerProcess(playbook, "second");
        int whileBoth;
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> runs.recent(Optional.of(drill), 100).size() >= 4);
            assertThat(first.isAlive() && second.isAlive()).as("both schedulers run (see their logs in %s)", WORK)
                    .isTrue();
            java.time.Instant stopped = java.time.Instant.now();
            if (kill) {
                first.destroyForcibly(); // its host died: no shutdown hook, no goodbye to the cluster
                assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("first scheduler killed").isTrue();
                assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            } else {
                first.destroy();
                assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("first scheduler stopped").isTrue();
                assertThat(first.exitValue()).as("stopped by SIGTERM, after its shutdown hooks").isEqualTo(143);
            }
            whileBoth = runs.recent(Optional.of(drill), 100).size();
            await().atMost(Duration.ofSeconds(60)).until(() -> runs.recent(Optional.of(drill), 100).size() >= whileBoth + 2);
            java.time.Instant handedOver = runs.recent(Optional.of(drill), 100).stream()
                    .filter(r -> r.startedAt().isAfter(stopped)).map(DrillRunRepository.Run::startedAt)
                    .min(java.time.Instant::compareTo).orElseThrow();
            System.out.printf("clustered scheduler, first %s: the second ran the next firing %d ms after%n",
                    kill ? "killed" : "stopped", Duration.between(stopped, handedOver).toMillis());
        } finally {
            first.destroyForcibly();
            second.destroy();
            second.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            second.destroyForcibly();
        }

        List<DrillRunRepository.Run> all = runs.recent(Optional.of(drill), 100).stream()
                .sorted(java.util.Comparator.comparing(DrillRunRepository.Run::startedAt)).toList();
        assertThat(all).allSatisfy(r -> assertThat(r.scheduledFor()).as("a scheduled run").isPresent());
        assertThat(all.stream().map(r -> r.scheduledFor().orElseThrow()).distinct().count())
                .as("each firing ran once, by one of the two schedulers: %s", all).isEqualTo(all.size());
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).startedAt()).as("run %d starts after run %d ended", i, i - 1)
                    .isAfterOrEqualTo(all.get(i - 1).finishedAt());
        }
        assertThat(all).allSatisfy(r -> assertThat(r.ranBy()).matches(".*-(" + first.pid() + "|" + second.pid()
                + ")-[0-9a-f]{6}"));
        assertThat(all.subList(whileBoth, all.size())).as("after the first stopped, the second goes on alone")
                .allSatisfy(r -> assertThat(r.ranBy()).matches(".*-" + second.pid() + "-[0-9a-f]{6}"));
        for (String name : List.of("first", "second")) {
            assertThat(java.nio.file.Files.readString(WORK.resolve(playbook.getFileName() + "." + name + ".log")))
                    .as(name + " scheduler's output").contains("drills scheduled (clustered, shared through the store)");
        }
        assertThat(all).allSatisfy(r -> assertThat(r.passed()).as(r.failures()).isTrue());
    }

    private Process schedulerProcess(Path playbook, String name) throws java.io.IOException {
        return TandemProcess.start(WORK.resolve(playbook.getFileName() + "." + name + ".log"), "drill", "schedule",
                playbook.toString());
    }
}
