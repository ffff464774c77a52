package dev.tandem.it.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.checkpoints.TopicCheckpointSource;
import dev.tandem.client.Checkpoint;
import dev.tandem.client.Translation;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.CliRun;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TopicData;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Records the source deleted before the flow copied them (retention while the replicator was stopped)
 * are reported, never hidden by a silent jump to the log start: counted, recorded for the next verify (which
 * fails on them), and the copy goes on after them.
 */
class SourceGapsIT extends ReplicationTestBase {

    @Test
    void recordsDeletedOnTheSourceBeforeTheyWereCopiedAreCountedFailTheNextVerifyAndTheCopyGoesOnAfterThem() throws Exception {
        String topic = TestTopics.randomName("retention");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        String canary = TestTopics.randomName("canary");
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic + "|" + canary,
                Naming.PREFIX);
        java.nio.file.Path verifying = dev.tandem.it.support.TestPlaybooks.write(WORK, clusters, storeUrl,
                "flows:",
                "  - { name: " + flow.name() + ", source: east, target: west, topics: { include: [\"" + topic + "\", \""
                        + canary + "\"] } }",
                "verify: { canary-topic: " + canary + ", canaries: 5, timeout: 30s }");
        var playbook = RunningReplicator.playbook(clusters, List.of(flow));
        produce(topic, 0, 100);
        try (RunningReplicator first = new RunningReplicator(playbook, List.of(flow), store)) {
            TopicData.readUntilKeys(clusters.west().spec(), "east." + topic, 100);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed(flow)).isEqualTo(100));
        }
        // stopped; meanwhile 900 more, and the source deletes up to offset 500 (as retention.ms would)
        produce(topic, 100, 900);
        String group = TestTopics.randomName("app");
        try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(500))).all()
                    .get(30, TimeUnit.SECONDS);
            // an application that had read up to 300 meanwhile: its next record is inside the gap
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(300)))
                    .all().get(30, TimeUnit.SECONDS);
        }

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RunningReplicator second = new RunningReplicator(playbook, List.of(flow), store, registry)) {
            var replica = TopicData.readAll(clusters.west().spec(), "east." + topic, 600);
            assertThat(replica).hasSize(600);
            assertThat(replica.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().toList())
                    .as("0..99 from before, then 500..999: nothing of the deleted 100..499")
                    .startsWith("key-0").contains("key-99", "key-500", "key-999")
                    .doesNotContain("key-100", "key-499").hasSize(600);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(registry.find("tandem.records.lost.at.source")
                    .tag("flow", flow.name()).tag("topic", topic).counter()).isNotNull()
                    .satisfies(c -> assertThat(c.count()).isEqualTo(400.0)));

            // its checkpoint names the first copy after the gap (key-500 at offset 100), not 300 in step with the old
            // copies, which would skip key-500..key-699 after a failover
            Checkpoint exact = await().atMost(Duration.ofSeconds(60)).until(() -> new TopicCheckpointSource(CLIENTS,
                    clusters.west().spec(), Clock.systemUTC()).latest(flow.name(), Optional.of(group)).stream()
                    .filter(c -> c.sourceOffset() == 300 && c.translation() instanceof Translation.Exact)
                    .findFirst().orElse(null), c -> c != null);
            assertThat(((Translation.Exact) exact.translation()).targetOffset()).isEqualTo(100);
            assertThat(new String(replica.get(100).key(), StandardCharsets.UTF_8)).isEqualTo("key-500");

            // verify fails on the gap, once: the run after it passes
            CliRun failed = CliRun.of("verify", verifying.toString(), "--flow", flow.name());
            assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
            assertThat(failed.out()).contains("topology: 1 problem(s): east " + topic + "-0 offsets 100 to 499 (400 record(s),"
                    + " found ").contains("deleted on east before they were copied: they are on neither cluster");
            CliRun next = CliRun.of("verify", verifying.toString(), "--flow", flow.name());
            assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
        }
    }

    @Test
    void aPositionPastThePartitionsEndStopsTheFlowWithOneLineAndCopiesNothing() throws Exception {
        String topic = TestTopics.randomName("truncated");
        String flow = TestTopics.randomName("flow");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(topic, 0, 100);
        try (Admin admin = CLIENTS.admin(clusters.east().spec())) { // as if the log had been truncated below it
            admin.alterConsumerGroupOffsets("tandem.replicator." + flow, Map.of(new TopicPartition(topic, 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(10_000))).all().get(30, TimeUnit.SECONDS);
        }
        java.nio.file.Path playbook = writePlaybook(flow, topic);
        java.nio.file.Path log = WORK.resolve(playbook.getFileName() + ".replicate.log");
        Process replicator = dev.tandem.it.support.TandemProcess.start(log, "replicate", playbook.toString());
        try {
            assertThat(replicator.waitFor(90, TimeUnit.SECONDS)).as("the flow stops (see %s)", log).isTrue();
            assertThat(replicator.exitValue()).isEqualTo(1);
        } finally {
            replicator.destroyForcibly();
        }
        assertThat(java.nio.file.Files.readString(log)).contains("flow " + flow + ": east " + topic + "-0: the flow's"
                + " position 10000 is past the partition's end 100 (the topic was deleted and re-created, or its log"
                + " truncated); nothing is copied from it on a guess: to copy it from its start, stop the flow's"
                + " replicators, reset group tandem.replicator." + flow + " on east for " + topic + " to the earliest offset");
        assertThat(TopicData.count(clusters.west().spec(), "east." + topic)).as("nothing copied").isZero();
    }

    private static long committed(Flow flow) throws Exception {
        try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
            return admin.listConsumerGroupOffsets("tandem.replicator." + flow.name()).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
