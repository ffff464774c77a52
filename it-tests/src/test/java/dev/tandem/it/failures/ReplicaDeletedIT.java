package dev.tandem.it.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.TandemProcess;
import dev.tandem.it.support.TopicData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import dev.tandem.playbook.DeliveryGuarantee;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A replica topic deleted on the target while its flow replicates: the flow re-creates it (topic refresh)
 * and its next copy lands before what it had copied, so it stops with one line saying what happened and how
 * to refill it, rather than go on filling a replica whose sync points name other records. The refill the
 * line describes then copies the whole source partition again.
 */
class ReplicaDeletedIT extends ReplicationTestBase {

    @ParameterizedTest
    @EnumSource(DeliveryGuarantee.class)
    void aReplicaDeletedWhileReplicatingStopsTheFlowWithOneLineAndTheRefillItDescribesWorks(DeliveryGuarantee delivery)
            throws Exception {
        String topic = TestTopics.randomName("deleted");
        String flow = TestTopics.randomName("flow");
        String replica = "east." + topic;
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(topic, 0, 500);
        Path playbook = writePlaybook(flow, topic,
                delivery == DeliveryGuarantee.EXACTLY_ONCE ? "delivery: exactly-once" : "");
        Path log = WORK.resolve(playbook.getFileName() + ".first.log");
        Process first = TandemProcess.start(log, "replicate", playbook.toString());
        try {
            TopicData.readUntilKeys(clusters.west().spec(), replica, 500);
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(flow) == 500);
            try (Admin west = CLIENTS.admin(clusters.west().spec())) {
                west.deleteTopics(List.of(replica)).all().get(30, TimeUnit.SECONDS);
            }
            produce(topic, 500, 500);

            // within a few topic refreshes (1 s here), which run beside the copy: when they ran on the copy's thread, the
            // copy waiting for the deleted replica (a send's metadata, 60 s; a commit round, 60 s) held the refresh that
            // re-creates it, and the flow stopped 60-70 s after the deletion
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the flow stops (see %s)", log).isTrue();
            assertThat(first.exitValue()).as("exit code").isEqualTo(1);
        } finally {
            first.destroyForcibly();
        }
        String told = Files.readString(log);
        assertThat(told).contains("replica " + replica + "-0 on west ends before what the flow had copied into it")
                .contains("it was deleted and re-created (or truncated)")
                .contains(delivery == DeliveryGuarantee.EXACTLY_ONCE
                        ? "reset group tandem.replicator." + flow + " on west for " + replica + " and on east for " + topic
                        + " to the earliest offset"
                        : "reset group tandem.replicator." + flow + " on east for " + topic + " to the earliest offset");
        assertThat(committed(flow)).as("nothing committed past the copies into the old replica").isEqualTo(500);
        try (dev.tandem.store.TandemStore stored = dev.tandem.store.TandemStore.openForReading(
                new dev.tandem.playbook.StoreSpec("jdbc:h2:file:" + WORK.resolve(flow + "-store"),
                        java.util.Optional.empty(), java.util.Optional.empty()))) {
            var syncPoints = new dev.tandem.store.SyncPointRepository(stored.jdbi());
            assertThat(syncPoints.load(flow, topic, 0)).as("no stored sync point names the deleted replica's records")
                    .isEmpty();
            assertThat(syncPoints.position(flow, topic, 0)).as("nor its progress").isEmpty();
        }

        // the refill, as the line says: at-least-once: delete the replica, reset the flow's group on the source to
        // the earliest, start again; exactly-once: reset its positions on the target and on the source, then delete
        try (Admin west = CLIENTS.admin(clusters.west().spec()); Admin east = CLIENTS.admin(clusters.east().spec())) {
            if (delivery == DeliveryGuarantee.EXACTLY_ONCE) {
                west.alterConsumerGroupOffsets("tandem.replicator." + flow, Map.of(new TopicPartition(replica, 0),
                        new OffsetAndMetadata(0))).all().get(30, TimeUnit.SECONDS);
            }
            // refused while the stopped process is still a member (until its session times out)
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                east.alterConsumerGroupOffsets("tandem.replicator." + flow, Map.of(new TopicPartition(topic, 0),
                        new OffsetAndMetadata(0))).all().get(30, TimeUnit.SECONDS);
                return true;
            });
            west.deleteTopics(List.of(replica)).all().get(30, TimeUnit.SECONDS);
        }
        Process second = startReplicatorProcess(playbook, "second");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(flow) == 1_000);
            List<ConsumerRecord<byte[], byte[]>> copies = TopicData.readAll(clusters.west().spec(), replica, 1_000);
            assertThat(copies.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().toList())
                    .as("the new replica holds the whole source partition, in order")
                    .hasSize(1_000).startsWith("key-0", "key-1").endsWith("key-999");
            if (delivery == DeliveryGuarantee.EXACTLY_ONCE) {
                assertThat(copies).as("read_committed: each once").hasSize(1_000);
            }
        } finally {
            TandemProcess.stop(second, Duration.ofSeconds(30));
        }
    }

    private static long committed(String flow) throws Exception {
        try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
            return admin.listConsumerGroupOffsets("tandem.replicator." + flow).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
