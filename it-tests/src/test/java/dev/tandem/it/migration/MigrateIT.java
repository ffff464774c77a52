package dev.tandem.it.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ActiveConsumer;
import dev.tandem.it.support.CliRun;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TestGroups;
import dev.tandem.it.support.TestPlaybooks;
import dev.tandem.it.support.TopicData;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.store.MigrationRepository;
import dev.tandem.store.SyncPointRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem migrate} on two real clusters with the flow's replicator running: producers stop
 * during the drain, which sees it; the compare passes; two groups move and read exactly their next
 * records on the target; refusals and timeouts move nothing.
 */
class MigrateIT extends ReplicationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A replicated topic of 2 partitions x 20 records, and two groups that read part of it on east. */
    private final class Scenario implements AutoCloseable {
        final String topic = TestTopics.randomName("migrated");
        final String billing = TestTopics.randomName("billing");
        final String shipping = TestTopics.randomName("shipping");
        final Flow flow = RunningReplicator.flow(TestTopics.randomName("move"), "east", "west", topic, Naming.PREFIX);
        final RunningReplicator replicator;
        final Path playbook;

        Scenario() throws Exception {
            TopicData.create(clusters.east().spec(), topic, 2, Map.of());
            TestGroups.produce(clusters, topic, 2, 40);
            TestGroups.consumeAndCommit(clusters, billing, new TopicPartition(topic, 0), 4);
            TestGroups.consumeAndCommit(clusters, billing, new TopicPartition(topic, 1), 7);
            TestGroups.consumeAndCommit(clusters, shipping, new TopicPartition(topic, 0), 10);
            TestGroups.consumeAndCommit(clusters, shipping, new TopicPartition(topic, 1), 2);
            replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)), List.of(flow), store);
            playbook = TestPlaybooks.write(WORK, clusters, storeUrl, "flows:", "  - { name: " + flow.name()
                    + ", source: east, target: west, topics: { include: [\"" + topic + "\"] }, naming: prefix }");
        }

        CliRun migrate(String... options) {
            List<String> args = new ArrayList<>(List.of("migrate", playbook.toString(), "--flow", flow.name(),
                    "--no-progress"));
            args.addAll(List.of(options));
            return CliRun.of(args.toArray(String[]::new));
        }

        String replica() {
            return flow.targetTopic(topic);
        }

        /** The source's values from each partition's offset on: what a group at those offsets has still to read. */
        Set<String> valuesFrom(long p0, long p1) throws Exception {
            Set<String> values = new HashSet<>();
            long total = TopicData.count(clusters.east().spec(), topic);
            for (ConsumerRecord<byte[], byte[]> r : TopicData.readAll(clusters.east().spec(), topic, total)) {
                if (r.offset() >= (r.partition() == 0 ? p0 : p1)) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return values;
        }

        @Override
        public void close() {
            replicator.close();
        }
    }

    /** Writes a record to east, alternating partitions, every {@code every} until stopped; each send checked. */
    private static final class LiveProducer implements AutoCloseable {
        private final AtomicLong written = new AtomicLong();
        private final java.util.concurrent.ScheduledExecutorService schedule =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        private final Producer<byte[], byte[]> producer;
        private final java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();

        LiveProducer(String topic, Duration every) {
            producer = CLIENTS.producer(clusters.east().spec(), Map.of(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1));
            schedule.scheduleAtFixedRate(() -> {
                if (failed.get() != null) {
                    return;
                }
                long n = written.get();
                try {
                    producer.send(new ProducerRecord<>(topic, (int) (n % 2), null, ("live-" + n).getBytes(StandardCharsets.UTF_8),
                            ("live-" + n + "-" + topic).getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
                    written.incrementAndGet();
                } catch (Exception e) {
                    failed.compareAndSet(null, e);
                }
            }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }

        long stop() throws InterruptedException {
            schedule.shutdown();
            if (!schedule.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test's producer did not stop within 60 s");
            }
            producer.close();
            if (failed.get() != null) {
                throw new IllegalStateException("the test's producer failed to write to east", failed.get());
            }
            return written.get();
        }

        @Override
        public void close() throws InterruptedException {
            if (!schedule.isShutdown()) {
                stop();
            }
        }
    }

    @Test
    void producersStopTheDrainSeesItTheCompareProvesTheCopyAndTwoGroupsReadExactlyTheirNextRecordsOnTheTarget()
            throws Exception {
        try (Scenario s = new Scenario()) {
            CompletableFuture<CliRun> migration;
            long written;
            // One record a second: the replica catches up between them, so only the quiet period holds the drain.
            try (LiveProducer producers = new LiveProducer(s.topic, Duration.ofSeconds(1))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> producers.written.get() >= 2);
                migration = CompletableFuture.supplyAsync(() -> s.migrate("--group", s.billing, "--group", s.shipping,
                        "--quiet-for", "3s", "--timeout", "90s", "--output", "json",
                        "--report", WORK.resolve(s.flow.name() + ".html").toString()));
                // The migration is draining while the producers still write: it must not move anything yet.
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> !migration.isDone());
                written = producers.stop();
            }
            CliRun migrated = migration.get(120, TimeUnit.SECONDS);

            assertThat(migrated.exitCode()).as(migrated.out() + migrated.err()).isZero();
            JsonNode report = JSON.readTree(migrated.out());
            assertThat(report.path("result").asText()).isEqualTo("migrated");
            assertThat(report.path("groups")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder(s.billing, s.shipping);
            assertThat(report.path("steps")).extracting(n -> n.path("step").asText() + "=" + n.path("status").asText())
                    .containsExactly("preflight=passed", "drain=passed", "compare=passed", "checkpoint=passed",
                            "move=passed", "acls=skipped");
            // From the groups' lowest positions: 4 on partition 0, 2 on partition 1 (of 20 + the live records each).
            long onSource = TopicData.count(clusters.east().spec(), s.topic);
            assertThat(onSource).isEqualTo(40 + written);
            JsonNode topic = report.path("topics").get(0);
            assertThat(topic.path("topic").asText()).isEqualTo(s.topic);
            assertThat(topic.path("compared").asLong()).isEqualTo(onSource - 4 - 2);
            assertThat(topic.path("equal").asLong()).isEqualTo(onSource - 4 - 2);
            assertThat(report.path("finalCheckpoints")).hasSize(4)
                    .allSatisfy(c -> assertThat(c.path("kind").asText()).isEqualTo("exact"));
            assertThat(report.path("move").path("groups")).extracting(g -> g.path("result").asText())
                    .containsOnly("moved");
            assertThat(report.path("steps")).allSatisfy(n -> assertThat(n.path("durationMs").isNumber()).isTrue());

            assertThat(TestGroups.readAs(clusters.west().spec(), s.billing, s.replica(), s.valuesFrom(4, 7).size()))
                    .as("billing reads on west exactly what it had not read on east")
                    .containsExactlyInAnyOrderElementsOf(s.valuesFrom(4, 7));
            assertThat(TestGroups.readAs(clusters.west().spec(), s.shipping, s.replica(), s.valuesFrom(10, 2).size()))
                    .as("shipping reads on west exactly what it had not read on east")
                    .containsExactlyInAnyOrderElementsOf(s.valuesFrom(10, 2));

            String html = Files.readString(WORK.resolve(s.flow.name() + ".html"));
            assertThat(html).contains("<p id=\"result\">migrated</p>").contains("<table id=\"topics\">")
                    .contains("<td>" + (onSource - 6) + "</td>").contains(s.billing);
            List<MigrationRepository.Run> stored = new MigrationRepository(store.jdbi())
                    .recent(Optional.of(s.flow.name()), 10);
            assertThat(stored).extracting(MigrationRepository.Run::result).containsExactly("migrated");
            assertThat(stored.get(0).recordsCompared()).isEqualTo(onSource - 6);
            CliRun history = CliRun.of("migrate", s.playbook.toString(), "--history", "--flow", s.flow.name());
            assertThat(history.exitCode()).as(history.err()).isZero();
            assertThat(history.out()).containsPattern(s.flow.name() + " +migrated").contains(s.billing + "," + s.shipping);
        }
    }

    @Test
    void aGroupWithMembersOnTheSourceIsRefusedWithExitFourAndNothingMoves() throws Exception {
        try (Scenario s = new Scenario();
             ActiveConsumer member = new ActiveConsumer(clusters.east().spec(), s.billing, s.topic)) {
            member.awaitAssignment();
            awaitReplicated(s);

            CliRun refused = s.migrate("--group", s.billing, "--quiet-for", "1s", "--timeout", "60s");

            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(4);
            assertThat(refused.out()).containsPattern("checkpoint +failed .*group " + s.billing
                    + " has 1 active member\\(s\\) on east: tandem-it-member-\\S*@")
                    .contains("REFUSED: nothing was moved");
            assertThat(TestGroups.committedOn(clusters.west().spec(), s.billing)).as("nothing moved").isEmpty();
        }
    }

    @Test
    void aSourceStillWrittenToTimesOutWithExitOneNamingThePartitionsAndNothingMoves() throws Exception {
        try (Scenario s = new Scenario(); LiveProducer producers = new LiveProducer(s.topic, Duration.ofMillis(200))) {
            awaitReplicated(s);
            CliRun timedOut = s.migrate("--group", s.billing, "--quiet-for", "2s", "--timeout", "6s", "--output",
                    "json");

            assertThat(timedOut.exitCode()).as(timedOut.out() + timedOut.err()).isEqualTo(1);
            JsonNode report = JSON.readTree(timedOut.out());
            assertThat(report.path("result").asText()).isEqualTo("timed-out");
            assertThat(report.path("steps").get(1).path("detail").asText())
                    .startsWith("not drained after 6 s: still written to (or a transaction open) on east: " + s.topic + "-");
            assertThat(report.path("steps").get(2).path("status").asText()).isEqualTo("skipped");
            assertThat(report.path("move").isNull()).isTrue();
            producers.stop();
            assertThat(TestGroups.committedOn(clusters.west().spec(), s.billing)).as("nothing moved").isEmpty();
        }
    }

    @Test
    void aDifferenceOnTheReplicaStopsTheMigrationBeforeAnythingMoves() throws Exception {
        try (Scenario s = new Scenario()) {
            awaitReplicated(s);
            // A record on the replica that is a copy of nothing: what the compare must catch.
            try (Producer<byte[], byte[]> west = CLIENTS.producer(clusters.west().spec(), Map.of())) {
                west.send(new ProducerRecord<>(s.replica(), 1, null, "planted".getBytes(StandardCharsets.UTF_8),
                        "planted".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }

            CliRun different = s.migrate("--group", s.billing, "--quiet-for", "1s", "--timeout", "60s", "--output",
                    "json");

            assertThat(different.exitCode()).as(different.out() + different.err()).isEqualTo(1);
            JsonNode report = JSON.readTree(different.out());
            assertThat(report.path("result").asText()).isEqualTo("different");
            assertThat(report.path("comparison").path("totals").path("extra").asLong()).isEqualTo(1);
            assertThat(report.path("steps").get(3).path("status").asText()).isEqualTo("skipped");
            assertThat(TestGroups.committedOn(clusters.west().spec(), s.billing)).as("nothing moved").isEmpty();
        }
    }

    @Test
    void aDryRunDrainsAndComparesThenPlansTheMoveAndChangesNothing() throws Exception {
        try (Scenario s = new Scenario()) {
            awaitReplicated(s);

            CliRun dryRun = s.migrate("--group", s.billing, "--dry-run", "--quiet-for", "1s", "--timeout", "60s",
                    "--output", "json");

            assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();
            JsonNode report = JSON.readTree(dryRun.out());
            assertThat(report.path("result").asText()).isEqualTo("dry-run");
            assertThat(report.path("steps")).extracting(n -> n.path("step").asText() + "=" + n.path("status").asText())
                    .containsExactly("preflight=passed", "drain=passed", "compare=passed", "checkpoint=planned",
                            "move=planned", "acls=skipped");
            assertThat(report.path("topics").get(0).path("compared").asLong()).isEqualTo(40 - 4 - 7);
            JsonNode planned = report.path("move").path("groups").get(0);
            assertThat(planned.path("result").asText()).isEqualTo("planned");
            assertThat(planned.path("partitions")).extracting(p -> p.path("partition").asInt() + "@"
                    + p.path("targetOffset").asLong()).containsExactlyInAnyOrder("0@4", "1@7");
            assertThat(TestGroups.committedOn(clusters.west().spec(), s.billing)).as("a dry run moves nothing").isEmpty();

            CliRun typo = s.migrate("--group", s.billing + "-typo", "--dry-run", "--quiet-for", "1s");
            assertThat(typo.exitCode()).as(typo.out() + typo.err()).isEqualTo(4);
            assertThat(typo.out()).containsPattern("preflight +failed .*group\\(s\\) " + s.billing
                    + "-typo committed no offsets on the flow's topics on east");

            CliRun text = s.migrate("--group", s.billing, "--dry-run", "--quiet-for", "1s", "--timeout", "60s");
            assertThat(text.exitCode()).as(text.out() + text.err()).isZero();
            assertThat(text.out()).contains("DRY RUN: the migration would go ahead")
                    .containsPattern("checkpoint +planned .*2 checkpoints would be stored");
            assertThat(text.err()).contains("migrate: drain");
        }
    }

    private static void awaitReplicated(Scenario s) {
        SyncPointRepository syncPoints = new SyncPointRepository(store.jdbi());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<Integer, ReplicationPosition> positions = syncPoints.positions(s.flow.name()).getOrDefault(s.topic,
                    Map.of());
            return positions.size() == 2 && positions.values().stream().allMatch(p -> p.nextSourceOffset() >= 20);
        });
    }
}
