package dev.tandem.it.mirrormaker2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointKind;
import dev.tandem.drills.QuartzCron;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.CliRun;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.TestGroups;
import dev.tandem.it.support.TopicData;
import dev.tandem.mirrormaker2.checkpoints.Mm2CheckpointsTopic;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.load.PlaybookLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem checkpoints --from-mm2} and {@code tandem failover --from-mm2} with the checkpoints the
 * real MirrorMaker 2 wrote, Tandem never having run: with the source stopped, the group moved to the
 * target reads every record it had not processed, and again only those MirrorMaker 2's checkpoint puts
 * before its position (MirrorMaker 2 translates by offset syncs taken every so many records).
 */
class Mm2CheckpointsIT extends ReplicationTestBase {

    @Test
    void aGroupCheckpointedByMirrorMaker2FailsOverWithItsCheckpointsSkippingNone() throws Exception {
        String a = TestTopics.randomName("dc1").replace(".", "-");
        String b = TestTopics.randomName("dc2").replace(".", "-");
        String topic = TestTopics.randomName("ledger");
        String group = TestTopics.randomName("billing");
        ClusterSpec east = clusters.east().spec();
        ClusterSpec west = clusters.west().spec();
        TopicData.create(east, topic, 2, Map.of());
        TestGroups.produce(clusters, topic, 2, 300);
        Map<Integer, Long> committed = Map.of(
                0, TestGroups.consumeAndCommit(clusters, group, new TopicPartition(topic, 0), 60),
                1, TestGroups.consumeAndCommit(clusters, group, new TopicPartition(topic, 1), 35));
        Set<String> unprocessed = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicData.readAll(east, topic, 300)) {
            if (r.offset() >= committed.get(r.partition())) {
                unprocessed.add(value(r));
            }
        }
        Path playbookFile = Mm2Playbooks.write(WORK, clusters, storeUrl, a, b, topic);
        Flow flow = new PlaybookLoader(System::getenv, new QuartzCron()).load(playbookFile).flows().get(0);
        String replica = a + "." + topic;

        Map<Integer, Long> translated = new HashMap<>();
        try (RunningMirrorMaker2 mm2 = new RunningMirrorMaker2(WORK.resolve("mm2-" + a), a, east.bootstrap(), b,
                west.bootstrap(), topic, group)) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                List<Checkpoint> written = new Mm2CheckpointsTopic(CLIENTS, west, flow, Clock.systemUTC())
                        .latest(flow.name(), Optional.of(group));
                assertThat(written).as(mm2.log()).extracting(Checkpoint::sourceOffset)
                        .containsExactly(committed.get(0), committed.get(1));
                written.forEach(c -> translated.put(c.partition(), c.targetOffset().getAsLong()));
            });
        }
        assertThat(TopicData.count(west, replica)).isEqualTo(300);
        // MirrorMaker 2's own client library reads the same translation from its checkpoints.
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> byMirrorClient = RemoteClusterUtils
                .translateOffsets(Map.of("bootstrap.servers", west.bootstrap()), a, group, Duration.ofSeconds(30));
        assertThat(translated).isEqualTo(Map.of(
                0, byMirrorClient.get(new TopicPartition(replica, 0)).offset(),
                1, byMirrorClient.get(new TopicPartition(replica, 1)).offset()));

        clusters.east().stop();
        try {
            CliRun listed = CliRun.of("checkpoints", playbookFile.toString(), "--flow", flow.name(), "--from-mm2",
                    "--output", "json");
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            JsonNode listing = new ObjectMapper().readTree(listed.out());
            assertThat(listing.path("from").asText()).isEqualTo("store+mm2");
            assertThat(listing.path("checkpoints")).hasSize(2).allSatisfy(c -> assertThat(c.path("kind").asText())
                    .isEqualTo(CheckpointKind.MM2.wireName()));

            CliRun moved = CliRun.of("failover", playbookFile.toString(), "--flow", flow.name(), "--group", group,
                    "--from-mm2", "--output", "json");
            assertThat(moved.exitCode()).as(moved.err() + moved.out()).isZero();
            JsonNode run = new ObjectMapper().readTree(moved.out());
            assertThat(run.path("checkpointsFrom").asText()).isEqualTo("store and MirrorMaker 2's " + a
                    + ".checkpoints.internal on " + b);
            JsonNode moves = run.path("groups").get(0);
            assertThat(moves.path("result").asText()).isEqualTo("moved");
            assertThat(moves.path("partitions")).allSatisfy(p -> assertThat(p.path("kind").asText()).isEqualTo("mm2"));
            assertThat(moves.path("warnings").toString()).contains("may re-read records");

            // What MirrorMaker 2's checkpoints imply: the group reads the replica from each translated offset on.
            List<String> implied = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicData.readAll(west, replica, 300)) {
                if (r.offset() >= translated.get(r.partition())) {
                    implied.add(value(r));
                }
            }
            List<String> read = TestGroups.readAs(west, group, replica, implied.size());
            assertThat(read).as("nothing read again beyond what MirrorMaker 2's checkpoints imply")
                    .containsExactlyInAnyOrderElementsOf(implied);
            assertThat(read).as("none skipped").containsAll(unprocessed);
            System.out.printf("failover from MirrorMaker 2's checkpoints: %d records read again (of %d not processed)%n",
                    read.size() - unprocessed.size(), unprocessed.size());
        } finally {
            clusters.east().start();
        }
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
