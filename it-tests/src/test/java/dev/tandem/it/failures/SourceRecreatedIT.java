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
     * that. Either the new topic's records all follow the old ones, or the flow stops with one line; never a
     * replica that goes on from the new topic's offset 300 (MirrorMaker 2's silent skip).
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
                    || TopicData.count(clusters.west().spec(), replica) >= 800);
            List<String> keys = TopicData.readAll(clusters.west().spec(), replica, 300).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().toList();
            List<String> newOnes = keys.subList(300, keys.size());
            System.out.printf("re-created within one topic-refresh: %s, %d of the new topic's records on the target%n",
                    replicator.isAlive() ? "the flow goes on" : "the flow stopped (exit " + replicator.exitValue() + ")",
                    newOnes.size());
            assertThat(keys.subList(0, 300)).as("the old topic's records").startsWith("key-0").endsWith("key-299");
            if (replicator.isAlive()) {
                assertThat(newOnes).as("the new topic's records, all of them, after the old ones")
                        .hasSize(500).startsWith("key-1000").endsWith("key-1499");
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
