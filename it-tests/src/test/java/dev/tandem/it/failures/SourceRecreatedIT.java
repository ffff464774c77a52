package dev.tandem.it.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.Translation;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.TandemProcess;
import dev.tandem.it.support.TopicData;
import dev.tandem.checkpoints.TopicCheckpointSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import dev.tandem.chaos.run.Signals;
import dev.tandem.playbook.DeliveryGuarantee;

/**
 * A source topic deleted and re-created with the same name while its at-least-once flow replicates: Kafka
 * drops the flow's committed offsets with the old topic, so the new topic's records (offsets from 0 again)
 * are copied after the old ones in the same replica, with new sync points; a group's checkpoint on the new
 * topic names the copy of its next record. Nothing is skipped (MirrorMaker 2 skips up to its old offset).
 * The same for an exactly-once flow stopped meanwhile, whose positions on the target name their topic's ID.
 */
class SourceRecreatedIT extends ReplicationTestBase {

    @Test
    void theNewTopicsRecordsAreCopiedAfterTheOldOnesAndCheckpointsNameThem() throws Exception {
        String topic = TestTopics.randomName("recreated");
        String flow = TestTopics.randomName("flow");
        String group = TestTopics.randomName("app");
        String replica = "east." + topic;
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(topic, 0, 300);
        Path playbook = writePlaybook(flow, topic, "checkpoint-interval: 1s");
        Path log = WORK.resolve(playbook.getFileName() + ".replicate.log");
        Process replicator = TandemProcess.start(log, "replicate", playbook.toString());
        try {
            TopicData.readUntilKeys(clusters.west().spec(), replica, 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(flow) == 300);
            try (Admin east = CLIENTS.admin(clusters.east().spec())) {
                east.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log)
                    .contains("replicating 0 topics from east to west"));
            TopicData.create(clusters.east().spec(), topic, 1, Map.of());
            produce(topic, 1_000, 200); // keys key-1000..key-1199, at offsets 0..199 of the new topic

            await().atMost(Duration.ofSeconds(60)).until(() -> committed(flow) == 200);
            List<String> keys = TopicData.readAll(clusters.west().spec(), replica, 500).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().toList();
            assertThat(keys).as("the old topic's 300, then the new topic's 200").hasSize(500)
                    .startsWith("key-0").contains("key-299").endsWith("key-1199");
            assertThat(keys.indexOf("key-1000")).isEqualTo(300);

            try (Admin east = CLIENTS.admin(clusters.east().spec())) { // the application read 100 of the new topic
                east.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(100)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            Checkpoint exact = await().atMost(Duration.ofSeconds(60)).until(() -> new TopicCheckpointSource(CLIENTS,
                    clusters.west().spec(), Clock.systemUTC()).latest(flow, Optional.of(group)).stream()
                    .filter(c -> c.sourceOffset() == 100 && c.translation() instanceof Translation.Exact)
                    .findFirst().orElse(null), c -> c != null);
            assertThat(keyAt(replica, ((Translation.Exact) exact.translation()).targetOffset()))
                    .as("the checkpoint names the copy of the new topic's offset 100").isEqualTo("key-1100");
        } finally {
            TandemProcess.stop(replicator, Duration.ofSeconds(30));
        }
    }

    /**
     * Exactly-once keeps its positions on the target, by replica partition, where Kafka does not drop them with
     * the source topic: a position written for the old topic (its topic ID in the metadata) is not resumed on
     * the new one. Stopped at 300, the topic re-created with 500 records: without the check the flow would
     * resume at 300 and skip the new topic's first 300 records without a word.
     */
    @Test
    void anExactlyOnceFlowStoppedMeanwhileCopiesTheNewTopicFromItsFirstRecord() throws Exception {
        String topic = TestTopics.randomName("recreated-eos");
        String flow = TestTopics.randomName("flow");
        String replica = "east." + topic;
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(topic, 0, 300);
        Path playbook = writePlaybook(flow, topic, "delivery: exactly-once");
        Process first = startReplicatorProcess(playbook, "first");
        try {
            TopicData.readUntilKeys(clusters.west().spec(), replica, 300);
        } finally {
            TandemProcess.stop(first, Duration.ofSeconds(30));
        }
        try (Admin east = CLIENTS.admin(clusters.east().spec())) {
            east.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Admin east = CLIENTS.admin(clusters.east().spec())) {
                return !east.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
            }
        });
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(topic, 1_000, 500); // keys key-1000..key-1499, at offsets 0..499 of the new topic

        Path log = WORK.resolve(playbook.getFileName() + ".second.log");
        Process second = TandemProcess.start(log, "replicate", playbook.toString());
        try {
            TopicData.readUntilKeys(clusters.west().spec(), replica, 800);
            List<String> keys = TopicData.readAll(clusters.west().spec(), replica, 800).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
            assertThat(keys).as("read_committed: the old topic's 300 once, then the new topic's 500 once, in order")
                    .hasSize(800).startsWith("key-0").endsWith("key-1499").doesNotHaveDuplicates();
            assertThat(keys.indexOf("key-1000")).isEqualTo(300);
            assertThat(Files.readString(log)).contains("east " + topic + "-0 is not the topic the flow copied up to offset 300")
                    .contains("it was deleted and re-created; the new topic is copied from its first record");
        } finally {
            TandemProcess.stop(second, Duration.ofSeconds(30));
        }
    }

    /**
     * Deleted and re-created within one {@code topic-refresh}: the flow never sees the topic gone, and its
     * consumer may still hold its position in the old topic (300) when the new one has more records than
     * that. Either the new topic's records all follow the old ones (after what was copied from offset 300
     * before the flow noticed the new topic ID, if its consumer kept that position), or the flow stops with one
     * line; never a replica that goes on from the new topic's offset 300 (MirrorMaker 2's silent skip).
     */
    @Test
    void aTopicReCreatedWithinOneTopicRefreshIsNeverSkippedSilently() throws Exception {
        String topic = TestTopics.randomName("recreated-fast");
        String flow = TestTopics.randomName("flow");
        String replica = "east." + topic;
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(topic, 0, 300);
        Path playbook = writePlaybook(flow, topic);
        Files.writeString(playbook, Files.readString(playbook).replace("topic-refresh: 1s", "topic-refresh: 5m"));
        Path log = WORK.resolve(playbook.getFileName() + ".replicate.log");
        Process replicator = TandemProcess.start(log, "replicate", playbook.toString());
        try {
            TopicData.readUntilKeys(clusters.west().spec(), replica, 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(flow) == 300);
            try (Admin east = CLIENTS.admin(clusters.east().spec())) {
                east.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30)).until(() -> !east.listTopics().names().get(30, TimeUnit.SECONDS)
                        .contains(topic));
            }
            TopicData.create(clusters.east().spec(), topic, 1, Map.of());
            produce(topic, 1_000, 500); // keys key-1000..key-1499, at offsets 0..499 of the new topic

            await().atMost(Duration.ofSeconds(120)).until(() -> !replicator.isAlive()
                    || lastKeys(replica, 500).equals(newKeys()));
            List<String> keys = TopicData.readAll(clusters.west().spec(), replica, 300).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
            List<String> newOnes = keys.subList(300, keys.size());
            System.out.printf("re-created within one topic-refresh: %s, %d copies of the new topic's records on the"
                    + " target%n", replicator.isAlive() ? "the flow goes on" : "the flow stopped (exit "
                    + replicator.exitValue() + ")", newOnes.size());
            assertThat(keys.subList(0, 300)).as("the old topic's records").startsWith("key-0").endsWith("key-299");
            if (replicator.isAlive()) {
                // when its consumer kept the old position, what it copied from there before it noticed comes first
                assertThat(keys.subList(keys.size() - 500, keys.size()))
                        .as("the new topic's records, all of them, in order, after the old ones").isEqualTo(newKeys());
            } else {
                assertThat(replicator.exitValue()).isEqualTo(1);
                assertThat(Files.readString(log)).as("one line naming the partition").contains(topic + "-0");
                if (!newOnes.isEmpty()) {
                    assertThat(newOnes.get(0)).as("nothing of the new topic skipped").isEqualTo("key-1000");
                }
            }
        } finally {
            TandemProcess.stop(replicator, Duration.ofSeconds(30));
        }
    }

    /**
     * The same, made certain: the replicator is frozen (SIGSTOP, shorter than the session timeout, so its group
     * does not rebalance) while the topic is deleted, re-created and given 500 records, so that its consumer
     * never sees the topic gone and wakes up with its position 300 valid in the new topic. Kafka's consumer
     * then fetches from offset 300 of the new topic; the flow must notice the new topic ID before it commits,
     * and copy the new topic from its first record: at-least-once, all 500 new records follow, in order (after
     * whatever it copied from 300 before it noticed, duplicates); exactly-once, read_committed shows the 300
     * then the 500, each once.
     */
    @ParameterizedTest
    @EnumSource(DeliveryGuarantee.class)
    void aTopicReCreatedWhileTheFlowCannotSeeItIsCopiedFromItsFirstRecord(DeliveryGuarantee delivery) throws Exception {
        String topic = TestTopics.randomName("recreated-unseen");
        String flow = TestTopics.randomName("flow");
        String replica = "east." + topic;
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(topic, 0, 300);
        boolean exactlyOnce = delivery == DeliveryGuarantee.EXACTLY_ONCE;
        Path playbook = writePlaybook(flow, topic, exactlyOnce ? "delivery: exactly-once" : "");
        Files.writeString(playbook, Files.readString(playbook).replace("topic-refresh: 1s", "topic-refresh: 5m"));
        Path log = WORK.resolve(playbook.getFileName() + ".replicate.log");
        Process replicator = TandemProcess.start(log, "replicate", playbook.toString());
        try {
            TopicData.readUntilKeys(clusters.west().spec(), replica, 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> exactlyOnce || committed(flow) == 300);
            Signals.stop(replicator.pid());
            try {
                try (Admin east = CLIENTS.admin(clusters.east().spec())) {
                    east.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    await().atMost(Duration.ofSeconds(5)).until(() -> !east.listTopics().names()
                            .get(5, TimeUnit.SECONDS).contains(topic));
                }
                TopicData.create(clusters.east().spec(), topic, 1, Map.of());
                produce(topic, 1_000, 500); // keys key-1000..key-1499, at offsets 0..499 of the new topic
            } finally {
                Signals.resume(replicator.pid());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> !replicator.isAlive()
                    || lastKeys(replica, 500).equals(newKeys()));
            assertThat(replicator.isAlive()).as("the flow goes on (see %s)", log).isTrue();
            List<String> keys = TopicData.readAll(clusters.west().spec(), replica, 800).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
            System.out.printf("re-created while the flow was frozen (%s): %d records on the target%n", delivery,
                    keys.size());
            assertThat(keys.subList(0, 300)).as("the old topic's records").startsWith("key-0").endsWith("key-299");
            assertThat(keys.subList(keys.size() - 500, keys.size())).as("the new topic's, all of them, in order, last")
                    .isEqualTo(newKeys());
            if (exactlyOnce) {
                assertThat(keys).as("read_committed: each once").hasSize(800);
            }
            // told at the commit that caught it (or, had the freeze outlasted the session timeout, at the assignment)
            assertThat(Files.readString(log)).containsPattern(java.util.regex.Pattern.quote("east " + topic)
                    + "[ -].*was deleted and re-created");
        } finally {
            TandemProcess.stop(replicator, Duration.ofSeconds(30));
        }
    }

    /**
     * Before each commit the flow asks the source for its topics' IDs, waiting at most 2 s: a source that does
     * not answer (its broker frozen while the flow still copies records it had fetched, and commits them) passes
     * the check with one WARN, and the flow neither stops nor restarts; once the source answers again, every
     * record is copied and committed. Containers are paused instead ({@code stop}), the same fault.
     */
    @Test
    void aSourceThatDoesNotAnswerTheTopicIdCheckIsToldOnceAndTheFlowGoesOn() throws Exception {
        String topic = TestTopics.randomName("unanswered");
        String flow = TestTopics.randomName("flow");
        String replica = "east." + topic;
        TopicData.create(clusters.east().spec(), topic, 4, Map.of());
        produce(topic, 0, 100_000);
        // throttled (~19,000 records/s): when the source freezes, the flow still has fetched records to copy and commit.
        // A commit every 4 s, a topic refresh every 1 s (the tests'): after the freeze, a refresh most likely starts
        // before the next commit and waits for the frozen source (up to 30 s). It runs beside the copy, so the commit
        // and its check still come; when it ran on the flow's thread, neither did (seen in a fresh-clone build)
        Path playbook = writePlaybook(flow, topic, "max-bytes-per-second: 2MB\n    commit-interval: 4s");
        Path log = WORK.resolve(playbook.getFileName() + ".replicate.log");
        String warning = "flow " + flow + ": could not ask east for the topic IDs of [" + topic + "]";
        Process replicator = TandemProcess.start(log, "replicate", playbook.toString());
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions() // until the replica exists
                    .until(() -> TopicData.count(clusters.west().spec(), replica) >= 10_000);
            clusters.east().silence();
            try {
                // well within the session timeout (10 s): the group keeps the flow's member
                await().atMost(Duration.ofSeconds(8)).until(() -> Files.readString(log).contains(warning));
                assertThat(TopicData.count(clusters.west().spec(), replica)).as("frozen before the copy's end")
                        .isLessThan(100_000);
            } finally {
                clusters.east().answerAgain();
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> committed(flow) == 100_000);
            String output = Files.readString(log);
            assertThat(output.split(java.util.regex.Pattern.quote(warning), -1)).as("told once").hasSize(2);
            assertThat(output).doesNotContain("restarting the flow").doesNotContain(" ERROR ");
            assertThat(TopicData.readAll(clusters.west().spec(), replica, 100_000).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().count()).isEqualTo(100_000);
        } finally {
            TandemProcess.stop(replicator, Duration.ofSeconds(30));
        }
    }

    private static List<String> newKeys() {
        return java.util.stream.IntStream.range(1_000, 1_500).mapToObj(i -> "key-" + i).toList();
    }

    private static List<String> lastKeys(String replica, int count) throws Exception {
        List<String> keys = TopicData.readAll(clusters.west().spec(), replica, 0).stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
        return keys.subList(Math.max(0, keys.size() - count), keys.size());
    }

    private static long committed(String flow) throws Exception {
        try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
            return admin.listConsumerGroupOffsets("tandem.replicator." + flow).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static String keyAt(String topic, long offset) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(clusters.west().spec(), Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            return await().atMost(Duration.ofSeconds(30)).until(() -> consumer.poll(Duration.ofMillis(200)).records(tp)
                    .stream().findFirst().map(r -> new String(r.key(), StandardCharsets.UTF_8)).orElse(null),
                    k -> k != null);
        }
    }
}
