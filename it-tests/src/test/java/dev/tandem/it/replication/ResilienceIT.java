package dev.tandem.it.replication;

import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TandemProcess;
import dev.tandem.it.support.TopicData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.it.clusters.TestTopics;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.replicator.copy.FlowClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Nothing is lost when a replicator process is killed, or when one of two replicators stops. */
class ResilienceIT extends ReplicationTestBase {

    @Test
    void sigkillDuringAStreamThenRestartLosesNothing() throws Exception {
        String topic = TestTopics.randomName("kill");
        int total = 200_000;
        TopicData.create(clusters.east().spec(), topic, 4, Map.of());
        String flowName = TestTopics.randomName("flow");
        // about 5 s of copying (22 MB at 4 MB/s): the kill below comes mid-copy, whatever the machine's speed
        Path playbook = writePlaybook(flowName, topic, "max-bytes-per-second: 4MB");
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> produce(topic, 0, total));

        Process first = startReplicatorProcess(playbook, "first");
        // kill it mid-copy, once it has committed some progress (it commits every second)
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> committedTotal(flowName) > 20_000);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // what the killed process had sent (a request it sent last may still be appended): the count once it stands still
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(-1);
        long atKill = await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
                .until(() -> replicaCount(topic), count -> count == seen.getAndSet(count));
        long committedAtKill = committedTotal(flowName); // final: its process is gone
        // mid-copy: not all was copied (what was copied after the last commit may be nothing: the throttled copy
        // sends in bursts, and a kill can follow a commit)
        assertThat(atKill).as("copied when killed").isLessThan(total).isGreaterThanOrEqualTo(committedAtKill);
        Process second = startReplicatorProcess(playbook, "second");
        try {
            stream.get(120, TimeUnit.SECONDS);
            List<ConsumerRecord<byte[], byte[]>> replica = TopicData.readUntilKeys(clusters.west().spec(), "east." + topic,
                    total);
            Set<String> keys = new HashSet<>();
            replica.forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));

            assertThat(TopicData.count(clusters.east().spec(), topic)).as("records on the source").isEqualTo(total);
            long duplicates = replica.size() - keys.size();
            System.out.printf("SIGKILL test: %d records on the target when killed, %d committed, %d after restart,"
                    + " %d duplicates%n", atKill, committedAtKill, replica.size(), duplicates);
            assertThat(keys).hasSize(total);
            // at-least-once: only what was copied after the last commit before the kill comes twice
            assertThat(duplicates).isLessThanOrEqualTo(atKill - committedAtKill);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermStopsTheReplicatorGracefullyWithinSeconds() throws Exception {
        String topic = TestTopics.randomName("sigterm");
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        produce(topic, 0, 5000);
        String flowName = TestTopics.randomName("flow");
        Process replicator = startReplicatorProcess(writePlaybook(flowName, topic), "sigterm");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> committedTotal(flowName) == 5000);

        replicator.destroy(); // SIGTERM

        assertThat(replicator.waitFor(20, TimeUnit.SECONDS)).as("exited within 20 s").isTrue();
        assertThat(replicator.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM ran its shutdown hooks
        // It left its consumer group on the way out: members are gone before the 10 s session timeout.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(members(flowName)).isZero());
        assertThat(committedTotal(flowName)).isEqualTo(5000);
    }

    /**
     * A SIGTERM while the flow copies: before the process ends, it commits everything it copied. H2 closes
     * its files in a shutdown hook of its own, which ran beside Tandem's and closed the store before the
     * flow's last save in one stop of three in {@code bench/run} (2026-12-07): the copies since the last
     * commit were then copied again by the next start. The signal now stops the flows before the JVM's
     * shutdown begins.
     */
    @Test
    void aSigtermWhileCopyingCommitsWhatWasCopiedBeforeTheProcessEnds() throws Exception {
        String topic = TestTopics.randomName("sigterm-copying");
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        produce(topic, 0, 300_000);
        String flowName = TestTopics.randomName("flow");
        Path playbook = writePlaybook(flowName, topic);
        Process replicator = startReplicatorProcess(playbook, "sigterm-copying");
        // at full speed, the producer's buffers full: its flush at the stop takes a while
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> replicaCount(topic) > 20_000);

        replicator.destroy(); // SIGTERM, in the middle of the copy

        assertThat(replicator.waitFor(20, TimeUnit.SECONDS)).as("exited within 20 s").isTrue();
        assertThat(replicator.exitValue()).isEqualTo(143);
        long copied = replicaCount(topic);
        assertThat(copied).as("stopped while copying").isLessThan(300_000);
        String log = Files.readString(WORK.resolve(playbook.getFileName() + ".sigterm-copying.log"));
        assertThat(committedTotal(flowName)).as("every copy committed before the process ended:%n%s", log)
                .isEqualTo(copied);
        assertThat(log).doesNotContain("failed");
    }

    private static int members(String flow) throws Exception {
        try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
            return admin.describeConsumerGroups(List.of("tandem.replicator." + flow)).all().get(30, TimeUnit.SECONDS)
                    .get("tandem.replicator." + flow).members().size();
        }
    }

    @Test
    void twoReplicatorsShareAFlowAndOneTakesOverWhenTheOtherStops() throws Exception {
        String topic = TestTopics.randomName("shared");
        TopicData.create(clusters.east().spec(), topic, 6, Map.of());
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        var playbook = RunningReplicator.playbook(clusters, List.of(flow));
        RunningReplicator first = new RunningReplicator(playbook, List.of(flow), store);
        try (RunningReplicator second = new RunningReplicator(playbook, List.of(flow), store)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(assignedPartitions(flow))
                    .hasSize(2).allSatisfy(count -> assertThat(count).isPositive()));
            produce(topic, 0, 3000);
            TopicData.readUntilKeys(clusters.west().spec(), "east." + topic, 3000);

            first.stop();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(assignedPartitions(flow)).containsExactly(6));
            produce(topic, 3000, 3000);

            Set<String> keys = new HashSet<>();
            TopicData.readUntilKeys(clusters.west().spec(), "east." + topic, 6000)
                    .forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
            assertThat(keys).hasSize(6000);
        } finally {
            first.stop();
        }
    }

    @Test
    void aThirtySecondTargetOutageIsRiddenOutAndReplicationResumesWithoutLoss() throws Exception {
        String topic = TestTopics.randomName("outage");
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            produce(topic, 0, 1000);
            TopicData.readUntilKeys(clusters.west().spec(), "east." + topic, 1000);

            clusters.west().stop();
            try {
                produce(topic, 1000, 1000);
                // 30 s without its target: the replicator keeps going (retries, session restarts), never gives up.
                await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(40)).until(replicator::running);
            } finally {
                clusters.west().start();
            }
            produce(topic, 2000, 1000);

            Set<String> keys = new HashSet<>();
            TopicData.readUntilKeys(clusters.west().spec(), "east." + topic, 3000)
                    .forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
            assertThat(keys).hasSize(3000);
        }
    }

    /** Partitions per member of the flow's consumer group on the source. */
    private static List<Integer> assignedPartitions(Flow flow) throws Exception {
        try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(FlowClients.groupId(flow)))
                    .all().get(30, TimeUnit.SECONDS).get(FlowClients.groupId(flow));
            return group.members().stream().map(MemberDescription::assignment)
                    .map(a -> a.topicPartitions().size()).toList();
        }
    }

    private static long committedTotal(String flow) throws Exception {
        try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
            return admin.listConsumerGroupOffsets("tandem.replicator." + flow).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static long replicaCount(String topic) {
        return TopicData.count(clusters.west().spec(), "east." + topic);
    }
}
