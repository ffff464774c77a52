package dev.tandem.it.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.Partition;
import dev.tandem.checkpoints.TopicCheckpointSource;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.SourceTopics;
import dev.tandem.it.support.ActiveConsumer;
import dev.tandem.it.support.TestGroups;
import dev.tandem.it.support.TopicData;
import dev.tandem.client.Translation;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.replicator.checkpoints.CheckpointClients;
import dev.tandem.replicator.checkpoints.Checkpointer;
import dev.tandem.provenance.Provenance;
import dev.tandem.replicator.metrics.CheckpointMetrics;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.SyncPointRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A consumer group's checkpoint names the target offset of the replica of exactly the record the
 * group reads next: for plain, transactional and compacted topics, in the store and in the
 * target's checkpoint topic.
 */
class CheckpointsIT extends ReplicationTestBase {

    private final CheckpointRepository checkpoints = new CheckpointRepository(store.jdbi());

    @ParameterizedTest(name = "{0}")
    @EnumSource(DeliveryGuarantee.class)
    void aGroupOfAPlainTopicResumesAtTheReplicaOfTheNextRecord(DeliveryGuarantee delivery) throws Exception {
        String topic = TestTopics.randomName("plain");
        TopicData.create(clusters.east().spec(), topic, 3, Map.of());
        TestGroups.produce(clusters, topic, 3, 30);

        // partition 1: nothing read yet; partition 2: everything read
        assertCheckpointsPointAtTheNextRecord(topic, Map.of(0, 4, 1, 0, 2, 10), delivery);
    }

    /** Exactly-once: the target's own transaction markers shift its offsets too; the translation stays exact. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DeliveryGuarantee.class)
    void aGroupOfATransactionalTopicResumesAtTheReplicaOfTheNextCommittedRecord(DeliveryGuarantee delivery)
            throws Exception {
        String topic = TestTopics.randomName("txn");
        SourceTopics.transactional(clusters.east().spec(), topic);

        // 3 records read: the group's offset is a commit marker, and an aborted transaction follows
        assertCheckpointsPointAtTheNextRecord(topic, Map.of(0, 3), delivery);
    }

    @Test
    void aGroupOfACompactedTopicResumesAtTheReplicaOfTheNextSurvivingRecord() throws Exception {
        String topic = TestTopics.randomName("compacted");
        SourceTopics.compacted(clusters.east().spec(), topic);

        assertCheckpointsPointAtTheNextRecord(topic, Map.of(0, 5), DeliveryGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void aGroupAheadOfReplicationIsReportedWithTheRecordsNotYetReplicated() throws Exception {
        String topic = TestTopics.randomName("ahead");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        TestGroups.produce(clusters, topic, 1, 10);
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> replicator.syncPoints().position(flow.name(), topic, 0)
                    .map(p -> p.nextSourceOffset() == 10).orElse(false));
        }
        TestGroups.produce(clusters, topic, 1, 5);
        String group = TestTopics.randomName("group");
        long committed = TestGroups.consumeAndCommit(clusters, group, new TopicPartition(topic, 0), 15);

        try (CheckpointClients kafka = CheckpointClients.open(CLIENTS, RunningReplicator.playbook(clusters, List.of(flow)),
                flow)) {
            new Checkpointer(flow, () -> Set.of(new Partition(topic, 0)), kafka, new SyncPointRepository(store.jdbi()),
                    checkpoints, new CheckpointMetrics(new SimpleMeterRegistry(), flow.name()), Clock.systemUTC(),
                    Duration.ofMinutes(1), Duration.ofDays(7)).runCycle();
        }

        assertThat(committed).isEqualTo(15);
        assertThat(checkpoints.latest(flow.name(), Optional.of(group))).singleElement()
                .extracting(Checkpoint::translation).isEqualTo(new Translation.AheadOfReplication(10, 5));
        assertThat(fromTarget(flow, group)).singleElement()
                .extracting(Checkpoint::translation).isEqualTo(new Translation.AheadOfReplication(10, 5));
    }

    @Test
    void syncGroupOffsetsMovesAnIdleTargetGroupAndLeavesAnActiveOneAlone() throws Exception {
        String topic = TestTopics.randomName("synced");
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        TestGroups.produce(clusters, topic, 2, 20);
        Flow plain = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        Flow flow = new Flow(plain.name(), "east", "west", plain.topics(), Naming.PREFIX, plain.groups(),
                plain.replicationFactor(), plain.topicRefresh(), plain.checkpointInterval(), true, plain.delivery(),
                plain.commitInterval());
        String idle = TestTopics.randomName("idle");
        String active = TestTopics.randomName("active");
        TopicPartition replica0 = new TopicPartition(flow.targetTopic(topic), 0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store, registry);
             ActiveConsumer member = new ActiveConsumer(clusters.west().spec(), active, flow.targetTopic(topic))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> TopicData.count(clusters.west().spec(),
                    flow.targetTopic(topic)) == 20);
            member.awaitAssignment();
            TestGroups.consumeAndCommit(clusters, active, new TopicPartition(topic, 0), 7);
            long idleOffset = TestGroups.consumeAndCommit(clusters, idle, new TopicPartition(topic, 0), 7);

            await().atMost(Duration.ofSeconds(60)).until(() -> TestGroups.committedOn(clusters.west().spec(), idle).containsKey(replica0));
            // The cycle that synced the idle group also decided about the active one: let it finish.
            long cycles = registry.timer("tandem.checkpoint.cycle", "flow", flow.name()).count();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> registry.timer("tandem.checkpoint.cycle", "flow", flow.name()).count() >= cycles + 2);

            assertThat(TestGroups.committedOn(clusters.west().spec(), idle).get(replica0).offset())
                    .as("the idle group resumes on west at the replica of source offset %d", idleOffset)
                    .isEqualTo(checkpoints.latest(flow.name(), Optional.of(idle)).get(0).targetOffset().getAsLong());
            assertThat(checkpoints.latest(flow.name(), Optional.of(active))).as("the active group was checkpointed")
                    .isNotEmpty();
            assertThat(TestGroups.committedOn(clusters.west().spec(), active)).as("the active group's offsets are its own").isEmpty();
        }
    }

    /** Each group partition commits after reading {@code readPerPartition} records; its checkpoints are checked. */
    private void assertCheckpointsPointAtTheNextRecord(String topic, Map<Integer, Integer> readPerPartition,
                                                       DeliveryGuarantee delivery) throws Exception {
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX, delivery);
        String group = TestTopics.randomName("group");
        Map<Integer, Long> committed = new java.util.HashMap<>();
        for (Map.Entry<Integer, Integer> read : readPerPartition.entrySet()) {
            committed.put(read.getKey(), TestGroups.consumeAndCommit(clusters, group, new TopicPartition(topic, read.getKey()), read.getValue()));
        }
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> exactCheckpoints(flow, group, committed).size()
                    == committed.size());
        }
        for (Checkpoint checkpoint : exactCheckpoints(flow, group, committed)) {
            Optional<ConsumerRecord<byte[], byte[]>> next = TopicData.readAll(clusters.east().spec(), topic, 0).stream()
                    .filter(r -> r.partition() == checkpoint.partition() && r.offset() >= checkpoint.sourceOffset())
                    .findFirst();
            if (next.isEmpty()) {
                // The group read everything: it resumes where the next replica will be written (before the
                // end only by the transaction marker that follows the last copy of an exactly-once flow).
                long end = TopicData.endOffsets(clusters.west().spec(), flow.targetTopic(topic))
                        .get(new TopicPartition(flow.targetTopic(topic), checkpoint.partition()));
                assertThat(checkpoint.targetOffset().getAsLong()).as("within %s", checkpoint).isLessThanOrEqualTo(end);
                assertThat(TopicData.readAll(clusters.west().spec(), flow.targetTopic(topic), 0).stream()
                        .filter(r -> r.partition() == checkpoint.partition()
                                && r.offset() >= checkpoint.targetOffset().getAsLong()))
                        .as("no replica at or after %s", checkpoint).isEmpty();
                continue;
            }
            ConsumerRecord<byte[], byte[]> replica = TopicData.readAll(clusters.west().spec(), flow.targetTopic(topic), 0)
                    .stream().filter(r -> r.partition() == checkpoint.partition()
                            && r.offset() == checkpoint.targetOffset().getAsLong())
                    .findFirst().orElseThrow(() -> new AssertionError("no replica at " + checkpoint));
            assertThat(replica.key()).as("key at %s", checkpoint).isEqualTo(next.get().key());
            assertThat(replica.value()).as("value at %s", checkpoint).isEqualTo(next.get().value());
            assertThat(withoutProvenance(replica.headers())).isEqualTo(Arrays.asList(next.get().headers().toArray()));
        }
        assertThat(fromTarget(flow, group)).as("the target's checkpoint topic holds the same")
                .containsExactlyElementsOf(checkpoints.latest(flow.name(), Optional.of(group)));
    }

    private List<Checkpoint> exactCheckpoints(Flow flow, String group, Map<Integer, Long> committed) {
        return checkpoints.latest(flow.name(), Optional.of(group)).stream()
                .filter(c -> c.translation() instanceof Translation.Exact
                        && committed.get(c.partition()) == c.sourceOffset())
                .toList();
    }

    private static List<Checkpoint> fromTarget(Flow flow, String group) {
        return new TopicCheckpointSource(CLIENTS, clusters.west().spec(), Clock.systemUTC())
                .latest(flow.name(), Optional.of(group));
    }

    private static List<Header> withoutProvenance(org.apache.kafka.common.header.Headers headers) {
        return StreamSupport.stream(headers.spliterator(), false)
                .filter(h -> !h.key().equals(Provenance.HEADER)).toList();
    }
}
