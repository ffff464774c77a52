package dev.tandem.it.failover;

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
import dev.tandem.client.Translation;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.FailoverRepository;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.it.clusters.AlsoSecured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem failover} on two real clusters: with east stopped, a group moved to west reads
 * exactly the records it had not processed; dry runs, refusals, --force, idempotence, and
 * checkpoints read from the target with the store gone.
 */
class FailoverIT extends ReplicationTestBase {

    private final CheckpointRepository checkpoints = new CheckpointRepository(store.jdbi());

    /** A topic of 2 partitions x 10 records, replicated, and a group that read 4 and 7 of them. */
    private final class Scenario {
        final String topic = TestTopics.randomName("failover");
        final String group = TestTopics.randomName("billing");
        final Flow flow;
        final Set<String> unprocessed = new HashSet<>();

        Scenario() throws Exception {
            this(Naming.PREFIX);
        }

        Scenario(Naming naming) throws Exception {
            flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, naming);
            TopicData.create(clusters.east().spec(), topic, 2, Map.of());
            TestGroups.produce(clusters, topic, 2, 20);
            long p0 = TestGroups.consumeAndCommit(clusters, group, new TopicPartition(topic, 0), 4);
            long p1 = TestGroups.consumeAndCommit(clusters, group, new TopicPartition(topic, 1), 7);
            for (ConsumerRecord<byte[], byte[]> r : TopicData.readAll(clusters.east().spec(), topic, 20)) {
                if (r.offset() >= (r.partition() == 0 ? p0 : p1)) {
                    unprocessed.add(value(r));
                }
            }
            try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                    List.of(flow), store)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> checkpoints.latest(flow.name(), Optional.of(group))
                        .stream().filter(c -> c.translation() instanceof Translation.Exact).count() == 2);
            }
        }

        Path playbook(String... more) throws Exception {
            List<String> lines = new ArrayList<>(List.of("flows:", "  - { name: " + flow.name()
                    + ", source: east, target: west, topics: { include: [\"" + topic + "\"] }, naming: "
                    + flow.naming().yamlName() + " }"));
            lines.addAll(List.of(more));
            return TestPlaybooks.write(WORK, clusters, storeUrl, lines.toArray(String[]::new));
        }

        CliRun failover(Path playbook, String... options) {
            List<String> args = new ArrayList<>(List.of("failover", playbook.toString(), "--flow", flow.name()));
            args.addAll(List.of(options));
            return CliRun.of(args.toArray(String[]::new));
        }

        String replica() {
            return flow.targetTopic(topic);
        }
    }

    @Test
    @AlsoSecured
    void withEastStoppedAGroupMovedToWestReadsExactlyWhatItHadNotProcessed() throws Exception {
        Scenario s = new Scenario();
        Path playbook = s.playbook();

        clusters.east().stop();
        try {
            CliRun dryRun = s.failover(playbook, "--group", s.group, "--dry-run");
            assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
            assertThat(dryRun.out()).contains("DRY RUN").containsPattern(s.group + " +" + s.replica() + " +0 +4 +4 +exact");
            assertThat(TestGroups.committedOn(clusters.west().spec(), s.group)).as("a dry run changes nothing").isEmpty();

            CliRun moved = s.failover(playbook, "--group", s.group, "--output", "json");
            assertThat(moved.exitCode()).as(moved.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(moved.out());
            assertThat(json.path("result").asText()).isEqualTo("applied");
            assertThat(json.path("groups").get(0).path("result").asText()).isEqualTo("moved");

            CliRun again = s.failover(playbook, "--group", s.group);
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("NOTHING TO DO");

            assertThat(TestGroups.readAs(clusters.west().spec(), s.group, s.replica(), s.unprocessed.size()))
                    .as("none lost, none read again")
                    .containsExactlyInAnyOrderElementsOf(s.unprocessed);
        } finally {
            clusters.east().start();
        }
        List<FailoverRepository.Run> recorded = new FailoverRepository(store.jdbi()).recent(s.flow.name(), 10);
        assertThat(recorded).extracting(FailoverRepository.Run::result).containsExactly("no-op", "applied", "dry-run");
        assertThat(recorded).allSatisfy(r -> assertThat(r.operator()).isNotBlank());
    }

    @Test
    void anActiveGroupIsRefusedWithExitFourAndMovedWithForce() throws Exception {
        Scenario s = new Scenario();
        Path playbook = s.playbook();
        try (ActiveConsumer member = new ActiveConsumer(clusters.west().spec(), s.group, s.replica())) {
            member.awaitAssignment();

            CliRun refused = s.failover(playbook, "--group", s.group);
            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(4);
            assertThat(refused.out()).contains("refused: group " + s.group + ": it has 1 active member(s)", "REFUSED");
            assertThat(TestGroups.committedOn(clusters.west().spec(), s.group)).isEmpty();

            CliRun forced = s.failover(playbook, "--group", s.group, "--force");
            assertThat(forced.exitCode()).as(forced.out() + forced.err()).isZero();
            assertThat(forced.out()).contains("warning: group " + s.group + ": forced: it has 1 active member(s)");
        }
        Map<TopicPartition, OffsetAndMetadata> onWest = TestGroups.committedOn(clusters.west().spec(), s.group);
        assertThat(onWest.get(new TopicPartition(s.replica(), 0)).offset()).isEqualTo(4);
        assertThat(onWest.get(new TopicPartition(s.replica(), 1)).offset()).isEqualTo(7);
    }

    @Test
    void checkpointsAreReadFromTheTargetWhenTheStoreIsGone() throws Exception {
        Scenario s = new Scenario();
        String emptyStore = "jdbc:h2:file:" + WORK.resolve(TestTopics.randomName("new-store"));
        Path playbook = TestPlaybooks.write(WORK, clusters, emptyStore, "flows:", "  - { name: " + s.flow.name()
                + ", source: east, target: west, topics: { include: [\"" + s.topic + "\"] } }");

        CliRun fromStore = s.failover(playbook, "--group", s.group);
        CliRun fromTarget = s.failover(playbook, "--group", s.group, "--from-target");

        assertThat(fromStore.exitCode()).as("the new store has no checkpoints").isEqualTo(4);
        assertThat(fromStore.out()).contains("refused: group " + s.group + ": no checkpoint");
        assertThat(fromTarget.exitCode()).as(fromTarget.out() + fromTarget.err()).isZero();
        assertThat(fromTarget.out()).contains("checkpoints from the checkpoint topic on west", "DONE");
        assertThat(TestGroups.committedOn(clusters.west().spec(), s.group).get(new TopicPartition(s.replica(), 1)).offset())
                .isEqualTo(7);
    }

    @Test
    void refusalsAreExitFourNamingTheReason() throws Exception {
        Scenario s = new Scenario();

        CliRun unknownGroup = s.failover(s.playbook(), "--group", "nobody-" + s.group);
        CliRun stale = s.failover(s.playbook("failover: { max-checkpoint-age: 1ms }"), "--all-groups", "--groups-regex", "x");
        CliRun old = s.failover(s.playbook("failover: { max-checkpoint-age: 1ms }"), "--group", s.group);

        assertThat(unknownGroup.exitCode()).isEqualTo(4);
        assertThat(unknownGroup.out()).contains("refused: group nobody-" + s.group + ": no checkpoint");
        assertThat(stale.exitCode()).as("--all-groups and --groups-regex exclude each other").isEqualTo(2);
        assertThat(old.exitCode()).isEqualTo(4);
        assertThat(old.out()).containsPattern("refused: group " + s.group + ": the checkpoint of " + s.replica()
                + "-0 is \\d+ s old \\(failover.max-checkpoint-age 0 s\\)");
        assertThat(TestGroups.committedOn(clusters.west().spec(), s.group)).isEmpty();
    }

    @Test
    void failbackReturnsTheGroupHomeAtTheRecordItWouldReadNext() throws Exception {
        Scenario s = new Scenario();
        String reverse = "  - { name: back-" + s.flow.name() + ", source: west, target: east, topics: { include: [\""
                + s.topic + "\"] } }";
        Path playbook = s.playbook(reverse);
        assertThat(s.failover(playbook, "--group", s.group).exitCode()).isZero();
        // On west, the group reads 3 more records of partition 0 and commits: 7 of 10 read there now.
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(clusters.west().spec(), Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, s.group, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 3))) {
            TopicPartition tp = new TopicPartition(s.replica(), 0);
            consumer.assign(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.size() >= 3;
            });
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(read.get(2).offset() + 1)));
            read.subList(0, 3).forEach(r -> s.unprocessed.remove(value(r)));
        }

        CliRun noReverse = CliRun.of("failback", s.playbook().toString(), "--flow", s.flow.name(), "--group", s.group);
        CliRun back = CliRun.of("failback", playbook.toString(), "--flow", s.flow.name(), "--group", s.group);

        assertThat(noReverse.exitCode()).isEqualTo(2);
        assertThat(noReverse.err()).contains("has no reverse flow (west -> east)");
        assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
        assertThat(back.out()).contains("failback of flow " + s.flow.name() + ": groups move from west to east", "DONE");
        Map<TopicPartition, OffsetAndMetadata> home = TestGroups.committedOn(clusters.east().spec(), s.group);
        assertThat(home.get(new TopicPartition(s.topic, 0)).offset()).isEqualTo(7);
        assertThat(home.get(new TopicPartition(s.topic, 1)).offset()).isEqualTo(7);
        assertThat(TestGroups.readAs(clusters.east().spec(), s.group, s.topic, s.unprocessed.size()))
                .as("home again: none lost, none read again").containsExactlyInAnyOrderElementsOf(s.unprocessed);
    }

    @Test
    void withIdentityNamingFailbackContinuesWithWhatWasWrittenAwayAfterTheLastCopy() throws Exception {
        Scenario s = new Scenario(Naming.IDENTITY);
        Flow back = RunningReplicator.flow("back-" + s.flow.name(), "west", "east", s.topic, Naming.IDENTITY);
        Path playbook = s.playbook("  - { name: " + back.name() + ", source: west, target: east, topics: { include: [\""
                + s.topic + "\"] }, naming: identity }");
        assertThat(s.failover(playbook, "--group", s.group).exitCode()).isZero();
        TopicPartition p0 = new TopicPartition(s.topic, 0);
        // During the outage: 3 records written on west; the group reads the 6 copies it had left and 2 of them.
        try (var producer = CLIENTS.producer(clusters.west().spec(), Map.of())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(s.topic, 0, null,
                        ("west-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        s.unprocessed.add("west-2");
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(clusters.west().spec(), Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, s.group, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1))) {
            consumer.assign(List.of(p0));
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.size() >= 8;
            });
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(read.get(7).offset() + 1)));
            read.subList(0, 8).forEach(r -> s.unprocessed.remove(value(r)));
        }
        // The old primary is back: the reverse flow copies what was written on west (never the copies from east).
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(back)),
                List.of(back), store)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> TopicData.endOffsets(clusters.east().spec(), s.topic)
                    .get(p0) == 13);
        }

        CliRun home = CliRun.of("failback", playbook.toString(), "--flow", s.flow.name(), "--group", s.group);

        assertThat(home.exitCode()).as(home.out() + home.err()).isZero();
        assertThat(TestGroups.committedOn(clusters.east().spec(), s.group).get(p0).offset())
                .as("after the 10 originals, the copies of west-0 and west-1").isEqualTo(12);
        assertThat(TestGroups.readAs(clusters.east().spec(), s.group, s.topic, s.unprocessed.size()))
                .as("home again: none lost, none read again").containsExactlyInAnyOrderElementsOf(s.unprocessed);
    }

    @Test
    void aTargetThatIsTheSourceUnderAnotherNameIsRefusedAndAnUnreachableOneIsExitFive() throws Exception {
        Scenario s = new Scenario();
        String flowLine = "  - { name: " + s.flow.name() + ", source: east, target: west, topics: { include: [\""
                + s.topic + "\"] } }";
        Path disguised = Files.createTempFile(WORK, "disguised", ".yaml");
        Files.writeString(disguised, String.join("\n", "clusters:",
                "  east: { bootstrap: \"" + clusters.east().bootstrap() + "\" }",
                "  west: { bootstrap: \"" + clusters.east().bootstrap().replace("127.0.0.1", "localhost") + "\" }",
                "store: { jdbc-url: \"" + storeUrl + "\" }", "flows:", flowLine, ""));
        Path gone = Files.createTempFile(WORK, "gone", ".yaml");
        Files.writeString(gone, String.join("\n", "clusters:",
                "  east: { bootstrap: \"" + clusters.east().bootstrap() + "\" }",
                "  west: { bootstrap: \"127.0.0.1:1\", properties: { default.api.timeout.ms: \"3000\","
                        + " request.timeout.ms: \"1000\" } }",
                "store: { jdbc-url: \"" + storeUrl + "\" }", "flows:", flowLine, ""));

        CliRun same = s.failover(disguised, "--group", s.group);
        CliRun unreachable = s.failover(gone, "--group", s.group);

        assertThat(same.exitCode()).as(same.err()).isEqualTo(4);
        assertThat(same.err()).contains("east and west are the same Kafka cluster");
        assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(5);
        assertThat(unreachable.err()).startsWith("tandem: describe cluster on west (127.0.0.1:1)");
    }

    @Test
    void aPartitionWithoutSyncPointIsRefusedAndMovedByTimestampToTheFirstRecordWrittenAfterTheCommit() throws Exception {
        String topic = TestTopics.randomName("bytime");
        String group = TestTopics.randomName("reports");
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        TopicPartition tp = new TopicPartition(topic, 0);
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        // Written an hour ago: well before the group's commit, whatever the checkpoint interval.
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(clusters.east().spec(), Map.of())) {
            long anHourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, anHourAgo + i, null,
                        ("before-" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        assertThat(TestGroups.consumeAndCommit(clusters, group, tp, 5)).isEqualTo(5);
        SyncPointRepository syncPoints = new SyncPointRepository(store.jdbi());
        Set<String> writtenAfterTheCommit = new HashSet<>();
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store);
             Producer<byte[], byte[]> producer = CLIENTS.producer(clusters.east().spec(), Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> checkpoints.latest(flow.name(), Optional.of(group)).stream()
                    .anyMatch(c -> c.sourceOffset() == 5 && c.translation() instanceof Translation.Exact));
            Instant stillAtFive = checkpoints.latest(flow.name(), Optional.of(group)).get(0).checkpointedAt();
            // The group reads on and commits 10 well after the checkpointer vouched for offset 5 ...
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(stillAtFive.plusSeconds(2)));
            assertThat(TestGroups.consumeAndCommit(clusters, group, tp, 10)).isEqualTo(10);
            await().atMost(Duration.ofSeconds(60)).until(() -> checkpoints.latest(flow.name(), Optional.of(group)).stream()
                    .anyMatch(c -> c.sourceOffset() == 10));
            assertThat(checkpoints.latest(flow.name(), Optional.of(group)).get(0).committedAfter())
                    .as("the commit of 10 was made after the checkpointer last saw 5").contains(stillAtFive);
            // ... and a record it did not read is stamped just after that sighting, more than a checkpoint
            // interval before the commit of 10 was seen: starting from the sighting keeps it.
            producer.send(new ProducerRecord<>(topic, 0, stillAtFive.toEpochMilli() + 1, null,
                    "after-0".getBytes(StandardCharsets.UTF_8))).get();
            writtenAfterTheCommit.add("after-0");
            // The group reads nothing more; records keep coming until a sync point lies past its offset.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                String value = "after-" + writtenAfterTheCommit.size();
                producer.send(new ProducerRecord<>(topic, 0, null, value.getBytes(StandardCharsets.UTF_8))).get();
                writtenAfterTheCommit.add(value);
                return syncPoints.loadFrom(flow.name(), topic, 0, 0).stream().anyMatch(sp -> sp.sourceOffset() > 10);
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> TopicData.count(clusters.west().spec(),
                    flow.targetTopic(topic)) == 10 + writtenAfterTheCommit.size());
            // Sync point retention prunes all but the newest: nothing translates the group's offset 10 any more.
            syncPoints.prune(flow.name(), java.time.Instant.now().plus(Duration.ofHours(1)));
            await().atMost(Duration.ofSeconds(60)).until(() -> checkpoints.latest(flow.name(), Optional.of(group)).stream()
                    .anyMatch(c -> c.translation() instanceof Translation.NoSyncPoint));
            assertThat(checkpoints.latest(flow.name(), Optional.of(group)).get(0).committedAfter()).contains(stillAtFive);
        }
        Path playbook = TestPlaybooks.write(WORK, clusters, storeUrl, "flows:", "  - { name: " + flow.name()
                + ", source: east, target: west, topics: { include: [\"" + topic + "\"] } }");

        CliRun refused = CliRun.of("failover", playbook.toString(), "--flow", flow.name(), "--group", group);
        CliRun moved = CliRun.of("failover", playbook.toString(), "--flow", flow.name(), "--group", group,
                "--by-timestamp", "--output", "json");

        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(4);
        assertThat(refused.out()).contains(flow.targetTopic(topic) + "-0 has no known position on the target"
                + " (no sync point; --by-timestamp moves it");
        assertThat(moved.exitCode()).as(moved.out() + moved.err()).isZero();
        JsonNode plan = new ObjectMapper().readTree(moved.out()).path("groups").get(0);
        assertThat(plan.path("partitions").get(0).path("kind").asText()).isEqualTo("by-timestamp");
        assertThat(plan.path("warnings").get(0).asText()).contains("approximate, by timestamp: offset 10 is the first"
                + " record written at or after " + stillAtFive(flow, group) + " (the group was still at an earlier offset");
        assertThat(TestGroups.readAs(clusters.west().spec(), group, flow.targetTopic(topic), writtenAfterTheCommit.size()))
                .as("the group resumes with the first record it had not read (one stamped between the last sighting"
                        + " of its previous offset and its commit included): none of the 10 it read")
                .containsExactlyInAnyOrderElementsOf(writtenAfterTheCommit);
    }

    private Instant stillAtFive(Flow flow, String group) {
        return checkpoints.latest(flow.name(), Optional.of(group)).get(0).committedAfter().orElseThrow();
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
