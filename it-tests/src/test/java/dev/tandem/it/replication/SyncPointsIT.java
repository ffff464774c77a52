package dev.tandem.it.replication;

import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.SourceTopics;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TopicData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.it.clusters.TestTopics;
import dev.tandem.kafka.InternalTopics;
import dev.tandem.offsets.OffsetTranslator;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.offsets.SyncPointHistory;
import dev.tandem.offsets.SyncPointRecordFormat;
import dev.tandem.client.Translation;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.replicator.copy.FlowClients;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Every source offset translates, through the stored sync points (store and target topic), to
 * the target offset of the replica of the first record at or after it: also across transaction
 * markers and aborted transactions, and across compaction holes.
 */
class SyncPointsIT extends ReplicationTestBase {

    @Test
    void everyOffsetOfATransactionalTopicTranslatesExactly() throws Exception {
        String topic = TestTopics.randomName("txn");
        SourceTopics.transactional(clusters.east().spec(), topic);

        assertEveryOffsetTranslatesExactly(topic);
    }

    @Test
    void everyOffsetOfACompactedTopicTranslatesExactly() throws Exception {
        String topic = TestTopics.randomName("compacted");
        SourceTopics.compacted(clusters.east().spec(), topic);

        assertEveryOffsetTranslatesExactly(topic);
    }

    private void assertEveryOffsetTranslatesExactly(String topic) throws Exception {
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        TopicPartition tp = new TopicPartition(topic, 0);
        long end = TopicData.endOffsets(clusters.east().spec(), topic).get(tp);
        List<ConsumerRecord<byte[], byte[]>> source;
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> committedOffset(flow, tp) == end);
            replicator.stop();
            source = TopicData.readAll(clusters.east().spec(), topic, 0);
            Map<Long, ConsumerRecord<byte[], byte[]>> target = new HashMap<>();
            TopicData.readAll(clusters.west().spec(), flow.targetTopic(topic), source.size())
                    .forEach(r -> target.put(r.offset(), r));

            List<SyncPoint> stored = replicator.syncPoints().load(flow.name(), topic, 0);
            List<SyncPoint> fromTopic = syncPointsFromTargetTopic(flow.name(), topic);
            assertThat(stored).isNotEmpty();
            assertThat(fromTopic).containsExactlyElementsOf(stored);
            ReplicationPosition position = replicator.syncPoints().position(flow.name(), topic, 0).orElseThrow();
            assertThat(position.nextSourceOffset()).isEqualTo(end);

            OffsetTranslator translator = new OffsetTranslator(stored, position);
            for (long committed = 0; committed <= end; committed++) {
                long s = committed;
                Translation translation = translator.translate(s);
                ConsumerRecord<byte[], byte[]> next = source.stream().filter(r -> r.offset() >= s).findFirst().orElse(null);
                if (next == null) {
                    assertThat(translation).as("offset %d (past the last record)", s)
                            .isInstanceOf(Translation.Exact.class);
                    assertThat(target).doesNotContainKey(((Translation.Exact) translation).targetOffset());
                    continue;
                }
                assertThat(translation).as("offset %d", s).isInstanceOf(Translation.Exact.class);
                ConsumerRecord<byte[], byte[]> replica = target.get(((Translation.Exact) translation).targetOffset());
                assertThat(replica).as("replica for offset %d", s).isNotNull();
                assertThat(Arrays.equals(replica.key(), next.key()) && Arrays.equals(replica.value(), next.value()))
                        .as("offset %d translates to the replica of source offset %d", s, next.offset()).isTrue();
            }
        }
        assertThat(source.size()).as("the source has gaps").isLessThan((int) end);
    }

    private static long committedOffset(Flow flow, TopicPartition tp) throws Exception {
        try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
            var offset = admin.listConsumerGroupOffsets(FlowClients.groupId(flow)).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(tp);
            return offset == null ? -1 : offset.offset();
        }
    }

    private static List<SyncPoint> syncPointsFromTargetTopic(String flow, String topic) throws Exception {
        SyncPointHistory history = new SyncPointHistory();
        TopicData.readAll(clusters.west().spec(), InternalTopics.SYNC_POINTS, 0).stream()
                .map(r -> SyncPointRecordFormat.decode(r.key(), r.value()))
                .filter(d -> d.flow().equals(flow) && d.point().sourceTopic().equals(topic))
                .sorted(java.util.Comparator.comparing((SyncPointRecordFormat.Decoded d) -> d.point().time())
                        .thenComparingLong(d -> d.point().sourceOffset()))
                .forEach(d -> history.add(d.point()));
        return history.points();
    }
}
