package dev.tandem.it.mirrormaker2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tandem.drills.QuartzCron;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TestGroups;
import dev.tandem.it.support.TopicData;
import dev.tandem.mirrormaker2.takeover.Mm2OffsetsTopic;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.load.PlaybookLoader;
import dev.tandem.replicator.Replicator;
import dev.tandem.provenance.Provenance;
import dev.tandem.safety.RefusedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code start: from-mirrormaker2} against the real MirrorMaker 2: refused while it runs, refused on a
 * target it never wrote to, and after it stopped a takeover that continues into its replica where it
 * left off, without copying the topic again. The clusters get fresh aliases, so each test has
 * MirrorMaker 2 internal topics of its own.
 */
class Mm2TakeoverIT extends ReplicationTestBase {

    private static final int BEFORE = 200;
    private static final int AFTER = 100;

    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void tandemContinuesWhereMirrorMaker2StoppedIntoTheSameReplica(String delivery) throws Exception {
        String a = TestTopics.randomName("dc1").replace(".", "-");
        String b = TestTopics.randomName("dc2").replace(".", "-");
        String topic = TestTopics.randomName("ledger");
        ClusterSpec east = clusters.east().spec();
        ClusterSpec west = clusters.west().spec();
        TopicData.create(east, topic, 2, Map.of());
        write(east, topic, 0, BEFORE);
        Playbook playbook = playbook(a, b, topic, delivery);
        String replica = a + "." + topic;

        try (RunningMirrorMaker2 mm2 = new RunningMirrorMaker2(WORK.resolve("mm2-" + a), a, east.bootstrap(), b,
                west.bootstrap(), topic, ".*")) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> assertThat(
                    TopicData.count(west, replica)).as(mm2.log()).isEqualTo(BEFORE));
            assertThatThrownBy(() -> Replicator.preflight(playbook, playbook.flows(), CLIENTS))
                    .isInstanceOf(RefusedException.class)
                    .hasMessageStartingWith("flow " + a + "-to-" + b + ": start: from-mirrormaker2: MirrorMaker 2 still"
                            + " runs: its worker group " + a + "-mm2 on " + b + " has ");
        }
        Map<TopicPartition, Long> lastCopied = new Mm2OffsetsTopic(CLIENTS, west, Clock.systemUTC()).read(a)
                .orElseThrow().lastCopied();
        Map<TopicPartition, Long> copiedEnds = TopicData.endOffsets(east, topic);
        assertThat(lastCopied).as("MirrorMaker 2's positions, flushed as it stopped: the last record of each partition")
                .hasSize(2).allSatisfy((tp, offset) -> assertThat(offset).isEqualTo(copiedEnds.get(tp) - 1));
        write(east, topic, BEFORE, AFTER);

        try (RunningReplicator replicator = new RunningReplicator(playbook, playbook.flows(), store)) {
            Map<TopicPartition, Long> ends = TopicData.endOffsets(east, topic);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = TestGroups.committedOn(east,
                        "tandem.replicator." + a + "-to-" + b);
                ends.forEach((tp, end) -> assertThat(committed.get(tp)).as(tp.toString()).isNotNull()
                        .extracting(OffsetAndMetadata::offset).isEqualTo(end));
            });
            assertThat(replicator.running()).isTrue();
        }
        List<ConsumerRecord<byte[], byte[]>> sourceRecords = TopicData.readAll(east, topic, BEFORE + AFTER);
        List<ConsumerRecord<byte[], byte[]>> replicaRecords = TopicData.readAll(west, replica, BEFORE + AFTER);
        Map<Integer, List<String>> source = byPartition(sourceRecords);
        Map<Integer, List<String>> copied = byPartition(replicaRecords);
        for (var partition : source.entrySet()) {
            // Tandem's copies carry its provenance header, MirrorMaker 2's do not: the first of Tandem's is the
            // record after the last one MirrorMaker 2 said it copied.
            String firstOfTandem = replicaRecords.stream().filter(r -> r.partition() == partition.getKey())
                    .filter(r -> r.headers().lastHeader(Provenance.HEADER) != null)
                    .min(java.util.Comparator.comparingLong(ConsumerRecord::offset))
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8)).orElseThrow();
            long resumedAt = sourceRecords.stream().filter(r -> r.partition() == partition.getKey())
                    .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(firstOfTandem))
                    .mapToLong(ConsumerRecord::offset).min().orElseThrow();
            assertThat(resumedAt).as("partition %d: Tandem's first copy", partition.getKey())
                    .isEqualTo(lastCopied.get(new TopicPartition(topic, partition.getKey())) + 1);
        }
        int twice = 0;
        for (var partition : source.entrySet()) {
            List<String> replicaValues = copied.get(partition.getKey());
            List<String> firstCopies = replicaValues.stream().distinct().toList();
            assertThat(firstCopies).as("partition %d: every source record, in order", partition.getKey())
                    .containsExactlyElementsOf(partition.getValue());
            twice += replicaValues.size() - firstCopies.size();
        }
        System.out.printf("takeover from MirrorMaker 2: %d of %d records copied twice%n", twice, BEFORE + AFTER);
        assertThat(twice).as("records copied twice: none, MirrorMaker 2 flushed its positions as it stopped").isZero();
    }

    @Test
    void aTargetMirrorMaker2NeverWroteToIsRefusedSayingWhereItLooked() throws Exception {
        String a = TestTopics.randomName("dc1").replace(".", "-");
        String b = TestTopics.randomName("dc2").replace(".", "-");
        String topic = TestTopics.randomName("ledger");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        Playbook playbook = playbook(a, b, topic, "at-least-once");

        assertThatThrownBy(() -> Replicator.preflight(playbook, playbook.flows(), CLIENTS))
                .isInstanceOf(RefusedException.class)
                .hasMessage("flow " + a + "-to-" + b + ": start: from-mirrormaker2: no MirrorMaker 2 positions to take"
                        + " over from: looked in mm2-offsets." + a + ".internal on " + b + " for cluster " + a + ", and the"
                        + " topic does not exist (the cluster names must be MirrorMaker 2's aliases; without a"
                        + " MirrorMaker 2 to take over from, remove start: from-mirrormaker2)");
        assertThat(TestGroups.committedOn(clusters.east().spec(), "tandem.replicator." + a + "-to-" + b))
                .as("nothing taken over").isEmpty();
    }

    private Playbook playbook(String a, String b, String topic, String delivery) throws Exception {
        return new PlaybookLoader(System::getenv, new QuartzCron()).load(Mm2Playbooks.write(WORK, clusters, storeUrl, a,
                b, topic, "start: from-mirrormaker2", "delivery: " + delivery, "topic-refresh: 1s",
                "checkpoint-interval: 1s"));
    }

    private static void write(ClusterSpec cluster, String topic, int from, int count) throws Exception {
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(cluster, Map.of())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static Map<Integer, List<String>> byPartition(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, List<String>> values = new TreeMap<>();
        records.stream().sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset)).forEach(r -> values
                .computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(new String(r.value(), StandardCharsets.UTF_8)));
        return values;
    }
}
