package dev.tandem.it.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.checkpoints.TopicCheckpointSource;
import dev.tandem.client.Translation;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.SourceTopics;
import dev.tandem.it.support.TestGroups;
import dev.tandem.it.support.TopicData;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * With the source cluster stopped, an application that uses only the client module finds its
 * group's resume position in the target's checkpoint topic, commits it, and reads exactly the
 * replica of the record it would have read next on the source. The test itself may use the rest
 * of Tandem; the application is {@link ClientApplication}.
 */
class ClientReaderIT extends ReplicationTestBase {

    @Test
    void anApplicationWithOnlyTheClientModuleResumesAtTheReplicaOfItsNextRecord() throws Exception {
        // Transactional: markers and an aborted transaction make target offsets differ from source offsets.
        String topic = TestTopics.randomName("client");
        SourceTopics.transactional(clusters.east().spec(), topic);
        List<ConsumerRecord<byte[], byte[]>> source = TopicData.readAll(clusters.east().spec(), topic, 0);
        String group = TestTopics.randomName("app");
        long committed = TestGroups.consumeAndCommit(clusters, group, new TopicPartition(topic, 0), 3);
        ConsumerRecord<byte[], byte[]> next = source.stream().filter(r -> r.offset() >= committed).findFirst()
                .orElseThrow();
        assertThat(next.offset()).as("gaps before the next record: its replica's offset is not its own")
                .isGreaterThan(source.indexOf(next));
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        TopicPartition replica = new TopicPartition(flow.targetTopic(topic), 0);
        replicateUntilCheckpointedOnTarget(flow, topic, source.size(), group, committed);
        assertThat(TestGroups.committedOn(clusters.west().spec(), group)).as("the group has no offsets on west yet")
                .isEmpty();

        clusters.east().stop();
        try (ClientApplication application = new ClientApplication(clusters.west().bootstrap(), group)) {
            Map<TopicPartition, OffsetAndMetadata> positions = application.moveGroup(flow.name());
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> read.addAll(application.poll()));

            assertThat(positions).containsOnlyKeys(replica);
            assertThat(TestGroups.committedOn(clusters.west().spec(), group).get(replica).offset())
                    .as("committed for the group on west").isEqualTo(positions.get(replica).offset());
            ConsumerRecord<byte[], byte[]> first = read.get(0);
            assertThat(first.offset()).isEqualTo(positions.get(replica).offset());
            assertThat(text(first.key())).as("key of the replica of source offset %d", next.offset())
                    .isEqualTo(text(next.key()));
            assertThat(text(first.value())).as("value of the replica of source offset %d", next.offset())
                    .isEqualTo(text(next.value()));
        } finally {
            clusters.east().start();
        }
    }

    /** Runs the flow until all records are on west and the group's exact checkpoint is in west's checkpoint topic. */
    private static void replicateUntilCheckpointedOnTarget(Flow flow, String topic, int records, String group,
                                                           long committed) throws Exception {
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            TopicData.readAll(clusters.west().spec(), flow.targetTopic(topic), records);
            TopicCheckpointSource onTarget = new TopicCheckpointSource(CLIENTS, clusters.west().spec(), Clock.systemUTC());
            await().atMost(Duration.ofSeconds(90)).until(() -> onTarget.latest(flow.name(), Optional.of(group)).stream()
                    .anyMatch(c -> c.sourceOffset() == committed && c.translation() instanceof Translation.Exact));
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
