package dev.tandem.it.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.checkpoints.Checkpoint;
import dev.tandem.checkpoints.Partition;
import dev.tandem.checkpoints.TopicCheckpointSource;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.SourceTopics;
import dev.tandem.it.support.TopicData;
import dev.tandem.offsets.Translation;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.replicator.checkpoints.CheckpointClients;
import dev.tandem.replicator.checkpoints.Checkpointer;
import dev.tandem.replicator.copy.Provenance;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * A consumer group's checkpoint names the target offset of the replica of exactly the record the
 * group reads next: for plain, transactional and compacted topics, in the store and in the
 * target's checkpoint topic.
 */
class CheckpointsIT extends ReplicationTestBase {

    private final CheckpointRepository checkpoints = new CheckpointRepository(store.jdbi());

    @Test
    void aGroupOfAPlainTopicResumesAtTheReplicaOfTheNextRecord() throws Exception {
        String topic = TestTopics.randomName("plain");
        TopicData.create(clusters.east().spec(), topic, 3, Map.of());
        produce(topic, 3, 30);

        // partition 1: nothing read yet; partition 2: everything read
        assertCheckpointsPointAtTheNextRecord(topic, Map.of(0, 4, 1, 0, 2, 10));
    }

    @Test
    void aGroupOfATransactionalTopicResumesAtTheReplicaOfTheNextCommittedRecord() throws Exception {
        String topic = TestTopics.randomName("txn");
        SourceTopics.transactional(clusters.east().spec(), topic);

        // 3 records read: the group's offset is a commit marker, and an aborted transaction follows
        assertCheckpointsPointAtTheNextRecord(topic, Map.of(0, 3));
    }

    @Test
    void aGroupOfACompactedTopicResumesAtTheReplicaOfTheNextSurvivingRecord() throws Exception {
        String topic = TestTopics.randomName("compacted");
        SourceTopics.compacted(clusters.east().spec(), topic);

        assertCheckpointsPointAtTheNextRecord(topic, Map.of(0, 5));
    }

    @Test
    void aGroupAheadOfReplicationIsReportedWithTheRecordsNotYetReplicated() throws Exception {
        String topic = TestTopics.randomName("ahead");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        produce(topic, 1, 10);
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> replicator.syncPoints().position(flow.name(), topic, 0)
                    .map(p -> p.nextSourceOffset() == 10).orElse(false));
        }
        produce(topic, 1, 5);
        String group = TestTopics.randomName("group");
        long committed = consumeAndCommit(group, new TopicPartition(topic, 0), 15);

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
        produce(topic, 2, 20);
        Flow plain = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        Flow flow = new Flow(plain.name(), "east", "west", plain.topics(), Naming.PREFIX, plain.groups(),
                plain.replicationFactor(), plain.topicRefresh(), plain.checkpointInterval(), true);
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
            consumeAndCommit(active, new TopicPartition(topic, 0), 7);
            long idleOffset = consumeAndCommit(idle, new TopicPartition(topic, 0), 7);

            await().atMost(Duration.ofSeconds(60)).until(() -> committedOn(clusters.west().spec(), idle).containsKey(replica0));
            // The cycle that synced the idle group also decided about the active one: let it finish.
            long cycles = registry.timer("tandem.checkpoint.cycle", "flow", flow.name()).count();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> registry.timer("tandem.checkpoint.cycle", "flow", flow.name()).count() >= cycles + 2);

            assertThat(committedOn(clusters.west().spec(), idle).get(replica0).offset())
                    .as("the idle group resumes on west at the replica of source offset %d", idleOffset)
                    .isEqualTo(checkpoints.latest(flow.name(), Optional.of(idle)).get(0).targetOffset().getAsLong());
            assertThat(checkpoints.latest(flow.name(), Optional.of(active))).as("the active group was checkpointed")
                    .isNotEmpty();
            assertThat(committedOn(clusters.west().spec(), active)).as("the active group's offsets are its own").isEmpty();
        }
    }

    /** Each group partition commits after reading {@code readPerPartition} records; its checkpoints are checked. */
    private void assertCheckpointsPointAtTheNextRecord(String topic, Map<Integer, Integer> readPerPartition)
            throws Exception {
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        String group = TestTopics.randomName("group");
        Map<Integer, Long> committed = new java.util.HashMap<>();
        for (Map.Entry<Integer, Integer> read : readPerPartition.entrySet()) {
            committed.put(read.getKey(), consumeAndCommit(group, new TopicPartition(topic, read.getKey()), read.getValue()));
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
                // The group read everything: it resumes where the next replica will be written.
                assertThat(checkpoint.targetOffset()).as("end of %s", checkpoint).hasValue(TopicData.endOffsets(
                        clusters.west().spec(), flow.targetTopic(topic)).get(new TopicPartition(flow.targetTopic(topic),
                        checkpoint.partition())));
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

    /** Records with a key, a value and a header, spread round-robin over the partitions. */
    static void produce(String topic, int partitions, int records) {
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(clusters.east().spec(), Map.of())) {
            for (int i = 0; i < records; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("n", SourceTopics.bytes(String.valueOf(i)));
                producer.send(new ProducerRecord<>(topic, i % partitions, null, SourceTopics.bytes("k" + i),
                        SourceTopics.bytes("v" + i + "-" + topic), headers));
            }
            producer.flush();
        }
    }

    /** A consumer of {@code group} reads {@code records} committed records of one partition and commits; returns the offset. */
    static long consumeAndCommit(String group, TopicPartition tp, int records) {
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(clusters.east().spec(), Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long[] next = {records == 0 ? 0 : -1};
            int[] read = {0};
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (read[0] < records) {
                        read[0]++;
                        next[0] = record.offset() + 1;
                    }
                }
                return read[0] == records;
            });
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(next[0])));
            return next[0];
        }
    }

    static Map<TopicPartition, OffsetAndMetadata> committedOn(ClusterSpec cluster, String group) throws Exception {
        try (Admin admin = CLIENTS.admin(cluster)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    /** A member of a consumer group on a cluster, polling in its own thread until closed. */
    private static final class ActiveConsumer implements AutoCloseable {

        private final Consumer<byte[], byte[]> consumer;
        private final Thread thread;
        private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final java.util.concurrent.atomic.AtomicInteger assigned = new java.util.concurrent.atomic.AtomicInteger();

        ActiveConsumer(ClusterSpec cluster, String group, String topic) {
            consumer = CLIENTS.consumer(cluster, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
            consumer.subscribe(List.of(topic));
            thread = new Thread(() -> {
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(100));
                    assigned.set(consumer.assignment().size());
                }
                consumer.close();
            }, "active-consumer-" + group);
            thread.start();
        }

        void awaitAssignment() {
            await().atMost(Duration.ofSeconds(60)).until(() -> assigned.get() > 0);
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
