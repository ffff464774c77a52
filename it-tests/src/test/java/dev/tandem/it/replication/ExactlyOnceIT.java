package dev.tandem.it.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.NameFilter;
import dev.tandem.it.support.TandemProcess;
import dev.tandem.it.support.TopicData;
import dev.tandem.provenance.Provenance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** An exactly-once flow: every source record committed on the target once, through crashes. */
class ExactlyOnceIT extends ReplicationTestBase {

    private static final String EXACTLY_ONCE = "delivery: exactly-once";

    @Test
    void fiveSigkillsWhileTheSourceIsWrittenLeaveEachRecordOnTheTargetOnceInOrder() throws Exception {
        String topic = TestTopics.randomName("eos-kill");
        int total = 200_000;
        int kills = 5;
        TopicData.create(clusters.east().spec(), topic, 4, Map.of());
        String flow = TestTopics.randomName("flow");
        Path playbook = writePlaybook(flow, topic, EXACTLY_ONCE);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.printf("exactly-once SIGKILL test: seed %d%n", seed);
        // The producer stays at most 20,000 records ahead of what the target committed, so it writes throughout.
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            for (int from = 0; from < total; from += 10_000) {
                long ahead = from - 20_000L;
                await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> committedOnTarget(flow) >= ahead);
                produce(topic, from, 10_000);
            }
        });
        Process replicator = startReplicatorProcess(playbook, "eos-0");
        try {
            for (int kill = 1; kill <= kills; kill++) {
                long at = (long) kill * total / (kills + 2) + random.nextInt(10_000);
                await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> committedOnTarget(flow) > at);
                replicator.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                System.out.printf("exactly-once SIGKILL test: kill %d with %d records committed on the target%n", kill,
                        committedOnTarget(flow));
                replicator = startReplicatorProcess(playbook, "eos-" + kill);
            }
            stream.get(5, TimeUnit.MINUTES);
            await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> committedOnTarget(flow) >= total);

            List<ConsumerRecord<byte[], byte[]>> source = TopicData.readAll(clusters.east().spec(), topic, total);
            List<ConsumerRecord<byte[], byte[]>> replica = TopicData.readAll(clusters.west().spec(), "east." + topic, total);
            System.out.printf("exactly-once SIGKILL test: %d records on the source, %d committed on the target after"
                    + " %d kills%n", source.size(), replica.size(), kills);
            assertThat(source).hasSize(total);
            assertThat(byPartition(replica)).as("per partition, each source record once, in order")
                    .isEqualTo(byPartition(source));
        } finally {
            replicator.destroy();
            replicator.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReplicatorFrozenPastItsSessionIsFencedWhenItWakesAndNothingIsCommittedTwice() throws Exception {
        String topic = TestTopics.randomName("eos-freeze");
        int total = 60_000;
        TopicData.create(clusters.east().spec(), topic, 4, Map.of());
        String flow = TestTopics.randomName("flow");
        Path playbook = writePlaybook(flow, topic, EXACTLY_ONCE);
        // Each process with a store of its own: with one H2 file shared through AUTO_SERVER, the process that
        // opened it first serves it to the other, and freezing that one would freeze the other's store too.
        Path otherPlaybook = WORK.resolve(flow + "-other.yaml");
        Files.writeString(otherPlaybook, Files.readString(playbook).replace(flow + "-store", flow + "-other-store"));
        Path frozenLog = WORK.resolve(playbook.getFileName() + ".frozen.log");
        Process frozen = TandemProcess.start(frozenLog, "replicate", playbook.toString());
        Process other = startReplicatorProcess(otherPlaybook, "other");
        try {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> membersWithPartitions(flow).equals(List.of(2, 2)));
            // A steady stream that stays at most 3,000 records ahead of the target, so that both processes
            // copy throughout and the frozen one has a transaction open when it stops.
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
                for (int from = 0; from < total; from += 1_000) {
                    long ahead = from - 3_000L;
                    await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> committedOnTarget(flow) >= ahead);
                    produce(topic, from, 1_000);
                }
            });
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> committedOnTarget(flow) >= 10_000);
            TandemProcess.signal(frozen.pid(), "STOP");
            try {
                // past the 10 s session timeout the other process owns every partition and goes on
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                        .until(() -> membersWithPartitions(flow).equals(List.of(4)));
                await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> committedOnTarget(flow) >= 30_000);
            } finally {
                TandemProcess.signal(frozen.pid(), "CONT");
            }
            // Told by the broker, one way or the other: refused as fenced, or its stale epoch's transaction aborted.
            await().atMost(Duration.ofSeconds(60)).until(() -> fenced(Files.readString(frozenLog)));
            stream.get(3, TimeUnit.MINUTES);
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> committedOnTarget(flow) >= total);

            List<ConsumerRecord<byte[], byte[]>> source = TopicData.readAll(clusters.east().spec(), topic, total);
            List<ConsumerRecord<byte[], byte[]>> replica = TopicData.readAll(clusters.west().spec(), "east." + topic,
                    total);
            System.out.printf("exactly-once freeze test: the frozen process said: %s%n", Files.readAllLines(frozenLog)
                    .stream().filter(ExactlyOnceIT::fenced).findFirst().orElseThrow());
            assertThat(frozen.isAlive()).as("the woken process goes on, no restart loop, no exit").isTrue();
            assertThat(byPartition(replica)).isEqualTo(byPartition(source));
        } finally {
            TandemProcess.signal(frozen.pid(), "CONT");
            frozen.destroy();
            other.destroy();
            frozen.waitFor(30, TimeUnit.SECONDS);
            other.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A target that stops answering mid-transaction (its broker frozen) for longer than a commit round's bound
     * (60 s): the round ends at its bound with one WARN and the flow restarts, neither waiting on in Kafka's flush
     * (which has no bound) nor exiting; once the target answers again, each record is committed once, in order.
     */
    @Test
    void aTargetThatStopsAnsweringEndsTheCommitRoundAtItsBoundAndEachRecordIsCommittedOnce() throws Exception {
        String topic = TestTopics.randomName("eos-silent");
        int total = 100_000;
        TopicData.create(clusters.east().spec(), topic, 4, Map.of());
        produce(topic, 0, total);
        String flow = TestTopics.randomName("flow");
        // throttled (~10,000 records/s), so that the copy is under way when the target stops answering
        Path playbook = writePlaybook(flow, topic, EXACTLY_ONCE + "\n    max-bytes-per-second: 1MB");
        Path log = WORK.resolve(playbook.getFileName() + ".silent.log");
        String roundEnded = "on west failed: no answer from west within 60 s";
        Process replicator = TandemProcess.start(log, "replicate", playbook.toString());
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> committedOnTarget(flow) >= 10_000);
            clusters.west().silence();
            long silenced = System.nanoTime();
            try {
                await().atMost(Duration.ofSeconds(100)).until(() -> Files.readString(log).contains(roundEnded));
                System.out.printf("exactly-once silent-target test: the round ended %d s after the target stopped"
                        + " answering%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - silenced));
                assertThat(replicator.isAlive()).as("the flow restarts, the process does not end").isTrue();
            } finally {
                clusters.west().answerAgain();
            }
            await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> committedOnTarget(flow) >= total);
            assertThat(replicator.isAlive()).as("still running once the target answers (see %s)", log).isTrue();
            assertThat(byPartition(TopicData.readAll(clusters.west().spec(), "east." + topic, total)))
                    .as("read_committed: each source record once, in order")
                    .isEqualTo(byPartition(TopicData.readAll(clusters.east().spec(), topic, total)));
        } finally {
            TandemProcess.stop(replicator, Duration.ofSeconds(30));
        }
    }

    private static boolean fenced(String log) {
        return log.contains("were taken over by another process") || log.contains("was aborted by the broker (another"
                + " process took the partition over");
    }

    /**
     * Transactions of 30 s, the longest an exactly-once flow allows: each copy below is visible to a read_committed
     * reader long before that only because the first round after the flow took its partitions, and every round once
     * it has caught up, ends its transactions early (seen to fail, at the second wait, with the caught-up rule removed).
     */
    @Test
    void aCaughtUpFlowCommitsItsCopiesWithoutWaitingForItsCommitInterval() throws Exception {
        String topic = TestTopics.randomName("eos-cadence");
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        produce(topic, 0, 20);
        Flow flow = new Flow(topic.replace('.', '-'), "east", "west", new NameFilter(List.of(Pattern.compile(
                Pattern.quote(topic))), List.of()), Naming.PREFIX, NameFilter.all(), OptionalInt.empty(),
                Duration.ofSeconds(1), Duration.ofSeconds(5), false, DeliveryGuarantee.EXACTLY_ONCE,
                Optional.of(Flow.MAX_TRANSACTION));
        String replica = "east." + topic;

        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> committedCopies(replica) == 20);
            produce(topic, 20, 20);
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> committedCopies(replica) == 40);
        }
    }

    /** How many records a read_committed reader of {@code topic} on west reads, from its beginning to its end. */
    private static long committedCopies(String topic) {
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(clusters.west().spec(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions); // read_committed: the last stable offsets
            long count = 0;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    /** Offsets the flow committed on the target with its transactions (group tandem.replicator.FLOW there). */
    private static long committedOnTarget(String flow) throws Exception {
        try (Admin admin = CLIENTS.admin(clusters.west().spec())) {
            return admin.listConsumerGroupOffsets("tandem.replicator." + flow).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /** Each partition's records as key, value, headers (Tandem's provenance header aside) and timestamp, in order. */
    private static Map<Integer, List<String>> byPartition(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, List<String>> partitions = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            List<String> headers = new ArrayList<>();
            for (Header h : r.headers()) {
                if (!h.key().equals(Provenance.HEADER)) {
                    headers.add(h.key() + "=" + Arrays.toString(h.value()));
                }
            }
            partitions.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(new String(r.key(),
                    StandardCharsets.UTF_8) + "|" + Arrays.hashCode(r.value()) + "|" + headers + "|" + r.timestamp());
        }
        return partitions;
    }
}
