package dev.tandem.it.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.Translation;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TopicData;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.sandbox.FreePorts;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.TandemStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.it.support.TandemProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store (PostgreSQL, a real server) stopped while a flow replicates, then started again: the flow
 * pauses (its progress is committed only after the store has the sync points that cover it, so it commits
 * nothing while the store is away; it holds what it copied and polls nothing more, without restarting),
 * then saves what it held and goes on: nothing lost, nothing copied twice, and the checkpoints translate
 * exactly.
 */
class StoreOutageIT extends ReplicationTestBase {

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DeliveryGuarantee.class)
    void withTheStoreStoppedTheFlowPausesAndOnceItIsBackNothingIsLostAndCheckpointsAreExact(DeliveryGuarantee delivery)
            throws Exception {
        String topic = TestTopics.randomName("stored");
        String group = TestTopics.randomName("app");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX, delivery);
        String replica = flow.targetTopic(topic);
        int port = FreePorts.brokerPort();
        Path data = dir.resolve("postgres");
        EmbeddedPostgres postgres = postgres(data, port);
        StoreSpec spec = new StoreSpec(postgres.getJdbcUrl("postgres", "postgres"), Optional.empty(), Optional.empty());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TandemStore shared = TandemStore.open(spec);
             RunningReplicator replicator = replicatingAThousand(topic, flow, shared, registry)) {

            postgres.close();
            try {
                produce(topic, 1_000, 10); // copied, and their commit refused
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.get("tandem.replication.paused")
                        .tag("flow", flow.name()).gauge().value() == 1.0);
                long held = endOffset(replica);
                produce(topic, 1_010, 990);
                await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).until(() -> committed(flow) == 1_000
                        && endOffset(replica) == held); // paused: nothing more is copied
                assertThat(registry.get("tandem.replication.paused").tag("flow", flow.name()).gauge().value())
                        .as("still paused while the store is away").isEqualTo(1.0);
                dev.tandem.metrics.Health ready = replicator.readiness();
                assertThat(ready.up()).as("/ready while paused: %s", ready.reason()).isFalse();
                assertThat(ready.reason()).as("/ready names the flow and why")
                        .startsWith("flow " + flow.name() + " paused: ").contains("nothing is committed until it does");
            } finally {
                postgres = postgres(data, port);
            }

            await().atMost(Duration.ofSeconds(90)).until(() -> committed(flow) == 2_000);
            List<ConsumerRecord<byte[], byte[]>> copies = TopicData.readAll(clusters.west().spec(), replica, 2_000);
            assertThat(copies.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().count())
                    .as("every source record on the target").isEqualTo(2_000);
            assertThat(copies).as("nothing copied twice: the pause held what was copied").hasSize(2_000);
            if (delivery == DeliveryGuarantee.AT_LEAST_ONCE) { // (exactly-once: transaction markers between them)
                assertThat(endOffset(replica)).as("not even as an aborted copy").isEqualTo(2_000);
            }
            assertThat(registry.get("tandem.replication.errors").tag("kind", "restart").counter().count())
                    .as("the flow did not restart").isZero();
            assertThat(registry.get("tandem.replication.paused").tag("flow", flow.name()).gauge().value()).isZero();
            assertThat(replicator.readiness().up()).as("/ready once the store took what was held: %s",
                    replicator.readiness().reason()).isTrue();

            // in what was copied before the pause and held: the store has the held sync points
            long at = 1_005;
            try (Admin admin = CLIENTS.admin(clusters.east().spec())) { // the application's group has read 0..1004
                admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0),
                        new org.apache.kafka.clients.consumer.OffsetAndMetadata(at))).all().get(30, TimeUnit.SECONDS);
            }
            CheckpointRepository checkpoints = new CheckpointRepository(shared.jdbi());
            Checkpoint exact = await().atMost(Duration.ofSeconds(60)).until(() -> checkpoints.latest(flow.name(),
                    Optional.of(group)).stream().filter(c -> c.sourceOffset() == at
                    && c.translation() instanceof Translation.Exact).findFirst().orElse(null), c -> c != null);
            assertThat(keyAt(replica, ((Translation.Exact) exact.translation()).targetOffset(), delivery))
                    .as("the checkpoint names the copy of the record the group reads next").isEqualTo("key-" + at);
        } finally {
            postgres.close();
        }
    }

    /**
     * A store that does not answer, rather than refusing: PostgreSQL's server process frozen (SIGSTOP), so that
     * the connection a save opens waits, neither refused nor answered. The copy goes on beside the hanging save
     * only until it has waited 5 s; then the flow pauses, copies nothing more and says why on {@code /ready}.
     * Thawed (SIGCONT), the save answers, its offsets are committed and the copy goes on: every record once, no
     * restart. (Seen to fail with the 5 s bound raised to 5 minutes: the flow never paused.)
     */
    @Test
    void aStoreThatDoesNotAnswerPausesTheCopyOnceItsSaveHasWaitedFiveSecondsAndNothingIsLost() throws Exception {
        String topic = TestTopics.randomName("hung");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        String replica = flow.targetTopic(topic);
        int port = FreePorts.brokerPort();
        Path data = dir.resolve("postgres");
        EmbeddedPostgres postgres = postgres(data, port);
        StoreSpec spec = new StoreSpec(postgres.getJdbcUrl("postgres", "postgres"), Optional.empty(), Optional.empty());
        long server = Long.parseLong(java.nio.file.Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TandemStore shared = TandemStore.open(spec);
             RunningReplicator replicator = replicatingAThousand(topic, flow, shared, registry)) {

            TandemProcess.signal(server, "STOP");
            try {
                produce(topic, 1_000, 10); // copied; the save that covers them waits for the frozen server
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.get("tandem.replication.paused")
                        .tag("flow", flow.name()).gauge().value() == 1.0);
                dev.tandem.metrics.Health ready = replicator.readiness();
                assertThat(ready.up()).as("/ready while the save waits: %s", ready.reason()).isFalse();
                assertThat(ready.reason()).as("/ready names the flow and why").startsWith("flow " + flow.name()
                        + " paused: the store has not answered the save of the sync points for ");
                long held = endOffset(replica);
                produce(topic, 1_010, 990);
                await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).until(() -> committed(flow) == 1_000
                        && endOffset(replica) == held); // paused: nothing more is copied, nothing committed
            } finally {
                TandemProcess.signal(server, "CONT");
            }

            await().atMost(Duration.ofSeconds(90)).until(() -> committed(flow) == 2_000);
            List<ConsumerRecord<byte[], byte[]>> copies = TopicData.readAll(clusters.west().spec(), replica, 2_000);
            assertThat(copies.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().count())
                    .as("every source record on the target").isEqualTo(2_000);
            assertThat(endOffset(replica)).as("nothing copied twice").isEqualTo(2_000);
            assertThat(registry.get("tandem.replication.errors").tag("kind", "restart").counter().count())
                    .as("the flow did not restart").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> replicator.readiness().up());
        } finally {
            postgres.close();
        }
    }

    /**
     * Two {@code tandem replicate} processes share a flow and its H2 file: the one that opened it first
     * serves it to the other (AUTO_SERVER). Killed (SIGKILL), it takes the server with it; the other takes
     * its partitions over, opens the file itself and goes on saving: every record copied, and its commits,
     * which come only after the store took their sync points, reach the end.
     */
    @Test
    void withTheH2StoresServingProcessKilledTheOtherServesItAndGoesOnSaving() throws Exception {
        String topic = TestTopics.randomName("served");
        TopicData.create(clusters.east().spec(), topic, 4, Map.of());
        String flow = TestTopics.randomName("flow");
        Path playbook = writePlaybook(flow, topic);
        Process serving = startReplicatorProcess(playbook, "serving");
        Process other = null;
        try {
            produce(topic, 0, 2_000);
            await().atMost(Duration.ofSeconds(90)).until(() -> committed(flow) == 2_000);
            other = startReplicatorProcess(playbook, "other");
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> membersWithPartitions(flow).equals(List.of(2, 2)));

            serving.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            produce(topic, 2_000, 2_000);

            await().atMost(Duration.ofSeconds(120)).until(() -> committed(flow) == 4_000);
            assertThat(other.isAlive()).as("the other replicator still runs").isTrue();
            assertThat(TopicData.readUntilKeys(clusters.west().spec(), "east." + topic, 4_000).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().count())
                    .as("every source record on the target").isEqualTo(4_000);
            StoreSpec file = new StoreSpec("jdbc:h2:file:" + WORK.resolve(flow + "-store"), Optional.empty(),
                    Optional.empty());
            try (TandemStore served = TandemStore.openForReading(file)) { // through the other process's server now
                assertThat(new dev.tandem.store.SyncPointRepository(served.jdbi()).positions(flow).get(topic).values()
                        .stream().mapToLong(dev.tandem.offsets.ReplicationPosition::nextSourceOffset).sum())
                        .as("the stored progress of every partition reaches the end").isEqualTo(4_000);
            }
        } finally {
            serving.destroyForcibly();
            if (other != null) {
                TandemProcess.stop(other, Duration.ofSeconds(30));
            }
        }
    }

    /**
     * The store opens while the flows start (their replicas and their group join need none), and the flows
     * take no partition before it is open. A store that cannot be opened (here a server that takes the
     * connection and never answers, until the driver's 5 s login bound) fails the start with its one line and
     * exit 5: the flow had set up meanwhile, copied nothing and said nothing of it.
     */
    @Test
    void aStoreThatCannotBeOpenedFailsTheStartWithItsOneLineAndNothingIsCopied() throws Exception {
        String topic = TestTopics.randomName("unstored");
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        produce(topic, 0, 500);
        String flow = TestTopics.randomName("flow");
        try (SilentServer silent = new SilentServer()) {
            Path playbook = writePlaybook(flow, topic, "", "jdbc:postgresql://127.0.0.1:" + silent.port()
                    + "/tandem?user=tandem&loginTimeout=5&connectTimeout=5&socketTimeout=5");

            TandemProcess.Finished run = TandemProcess.run(dir, Duration.ofSeconds(90), List.of(), "replicate",
                    playbook.toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
            List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as("the flow set up while the store was opening")
                    .anyMatch(l -> l.contains("flow " + flow + ": replicating 1 topics"));
            assertThat(lines.get(lines.size() - 1)).as(run.err()).startsWith("tandem: open the store jdbc:postgresql://127.0.0.1:"
                    + silent.port());
            assertThat(lines).as("one line tells it: nothing else warns").noneMatch(l -> l.contains(" WARN ")
                    || l.contains(" ERROR ")).filteredOn(l -> l.startsWith("tandem:")).hasSize(1);
            assertThat(run.out()).as("the flows never said they replicate").doesNotContain("replicating [");
            assertThat(committed(flow)).as("nothing committed").isZero();
            assertThat(TopicData.count(clusters.west().spec(), "east." + topic)).as("nothing copied").isZero();
        }
    }

    /**
     * While the start waits for a store that accepts the connection and never answers (here for up to 60 s, the
     * driver's login bound in its URL), the process answers its health checks: {@code /healthz} up, {@code /ready}
     * 503 {@code the store is opening}; and a SIGTERM then ends it within seconds (exit 143, no WARN), without waiting
     * for the store. Before 2026-12-07 the stop waited 20 s (its bound) for a checkpoint cycle that waited for the store.
     */
    @Test
    void whileTheStoreOpensReadySaysSoAndASigtermEndsTheWait() throws Exception {
        String topic = TestTopics.randomName("opening");
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        String flow = TestTopics.randomName("flow");
        try (SilentServer silent = new SilentServer()) {
            Path playbook = writePlaybook(flow, topic, "checkpoint-interval: 1s", "jdbc:postgresql://127.0.0.1:"
                    + silent.port() + "/tandem?user=tandem&loginTimeout=60&connectTimeout=60&socketTimeout=60");
            Path log = WORK.resolve(flow + ".log");
            int metricsPort = FreePorts.brokerPort(); // chosen here: the process prints it only once the store is open
            Process process = TandemProcess.start(log, "replicate", playbook.toString(), "--metrics-port",
                    String.valueOf(metricsPort));
            try {
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                java.net.http.HttpRequest readiness = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + metricsPort + "/ready")).build();
                java.net.http.HttpResponse<String> ready = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                        readiness, java.net.http.HttpResponse.BodyHandlers.ofString()),
                        r -> r.body().strip().equals("not ok: the store is opening")); // "not started" before the flows
                assertThat(ready.statusCode()).as("/ready: %s", ready.body()).isEqualTo(503);
                assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + metricsPort
                        + "/healthz")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
                        .as("/healthz while the store opens").isEqualTo(200);
                assertThat(silent.held()).as("the store's connection is open and unanswered").isNotEmpty();
                // the flow joins its group meanwhile and is given the partition, which it copies once the store is open
                try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
                    // (Kafka 4 answers GroupIdNotFoundException until the group's first member joined)
                    await().atMost(Duration.ofSeconds(40)).ignoreExceptions().until(() -> admin.describeConsumerGroups(List.of(
                            "tandem.replicator." + flow)).all().get(30, TimeUnit.SECONDS).get("tandem.replicator." + flow)
                            .members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty()));
                }
                // checkpoint cycles run every second from the start: once 6 s have passed, one waits for the store too
                java.time.Instant started = process.info().startInstant().orElseThrow();
                await().atMost(Duration.ofSeconds(20)).until(() -> Duration.between(started, java.time.Instant.now())
                        .compareTo(Duration.ofSeconds(6)) > 0);
            } finally {
                TandemProcess.stop(process, Duration.ofSeconds(10));
            }
            String printed = java.nio.file.Files.readString(log);
            assertThat(process.exitValue()).as(printed).isEqualTo(143);
            assertThat(printed).as("a stop, not a failure").doesNotContain(" WARN ")
                    .doesNotContain(" ERROR ");
            assertThat(committed(flow)).as("nothing committed").isZero();
        }
    }

    /** A server that accepts every connection and never answers (a store that hangs), until closed. */
    private static final class SilentServer implements AutoCloseable {
        private final java.net.ServerSocket socket = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress());
        private final List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

        SilentServer() throws java.io.IOException {
            Thread accepting = new Thread(() -> {
                try {
                    while (true) {
                        held.add(socket.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "silent-store");
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<java.net.Socket> held() {
            return held;
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
            for (java.net.Socket connection : held) {
                connection.close();
            }
        }
    }

    /** Writes 1,000 records to {@code topic}, starts the flow on {@code store}, and returns it once all are copied and committed. */
    private static RunningReplicator replicatingAThousand(String topic, Flow flow, TandemStore store,
                                                          SimpleMeterRegistry registry) throws Exception {
        produce(topic, 0, 1_000);
        RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store, registry);
        try {
            TopicData.readUntilKeys(clusters.west().spec(), flow.targetTopic(topic), 1_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(flow) == 1_000);
            return replicator;
        } catch (Exception | Error e) {
            replicator.close();
            throw e;
        }
    }

    private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static long committed(Flow flow) throws Exception {
        return committed(flow.name());
    }

    private static long committed(String flow) throws Exception {
        try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
            return admin.listConsumerGroupOffsets("tandem.replicator." + flow).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static long endOffset(String topic) throws Exception {
        try (Admin admin = CLIENTS.admin(clusters.west().spec())) {
            return admin.listOffsets(Map.of(new TopicPartition(topic, 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS).values()
                    .iterator().next().offset();
        }
    }

    private static String keyAt(String topic, long offset, DeliveryGuarantee delivery) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumer(clusters.west().spec(),
                delivery == DeliveryGuarantee.EXACTLY_ONCE ? Map.of("isolation.level", "read_committed") : Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            return await().atMost(Duration.ofSeconds(30)).until(() -> consumer.poll(Duration.ofMillis(200)).records(tp)
                    .stream().findFirst().map(r -> new String(r.key(), StandardCharsets.UTF_8)).orElse(null),
                    k -> k != null);
        }
    }
}
