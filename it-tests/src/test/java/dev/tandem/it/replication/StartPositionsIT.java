package dev.tandem.it.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.drills.QuartzCron;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TestPlaybooks;
import dev.tandem.it.support.TopicData;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.load.PlaybookLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code start: latest} and {@code start: <time>} on two real clusters: a new flow copies only the
 * records written after its start (or at and after the time), a topic created after the start
 * whole, and after a restart it resumes from its progress instead of starting at the end again.
 */
class StartPositionsIT extends ReplicationTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void startLatestCopiesWhatIsWrittenAfterTheStartAndResumesFromItsProgressAfterARestart(String delivery)
            throws Exception {
        String prefix = TestTopics.randomName("latest");
        String topic = prefix + ".a";
        ClusterSpec east = clusters.east().spec();
        ClusterSpec west = clusters.west().spec();
        TopicData.create(east, topic, 2, Map.of());
        write(topic, "old", 40, Instant.now());
        Playbook playbook = playbook(prefix, "latest", delivery);

        try (RunningReplicator replicator = new RunningReplicator(playbook, playbook.flows(), store)) {
            write(topic, "new", 30, Instant.now());
            TopicData.create(east, prefix + ".later", 1, Map.of());
            write(prefix + ".later", "later", 10, Instant.now());
            assertThat(values(west, "east." + prefix + ".later", 10)).as("a topic created after the start, whole")
                    .isEqualTo(expected("later", 0, 10));
            assertThat(values(west, "east." + topic, 30)).isEqualTo(expected("new", 0, 30));
        }
        write(topic, "more", 5, Instant.now());
        try (RunningReplicator replicator = new RunningReplicator(playbook, playbook.flows(), store)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> TopicData.count(west, "east." + topic) >= 35);
            assertThat(values(west, "east." + topic, 35)).as("restarted: resumed, not started at the end again")
                    .containsAll(expected("more", 0, 5)).doesNotContainAnyElementsOf(expected("old", 0, 40));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Z", "+01:00"})
    void startAtATimeCopiesTheRecordsWrittenAtOrAfterIt(String zoneOffset) throws Exception {
        String prefix = TestTopics.randomName("attime");
        String topic = prefix + ".a";
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        // Ten minutes ago, in whole seconds: recent enough for the topic's retention.
        Instant base = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String time = base.plusSeconds(30).atOffset(java.time.ZoneOffset.of(zoneOffset)).toString();
        write(topic, "before", 20, base);
        write(topic, "at", 1, base.plusSeconds(30));
        write(topic, "after", 20, base.plusSeconds(60));
        Playbook playbook = playbook(prefix, time, "at-least-once");

        try (RunningReplicator replicator = new RunningReplicator(playbook, playbook.flows(), store)) {
            Set<String> copied = values(clusters.west().spec(), "east." + topic, 21);
            assertThat(copied).hasSize(21).containsAll(expected("at", 0, 1)).containsAll(expected("after", 0, 20));
        }
    }

    private Playbook playbook(String prefix, String start, String delivery) throws Exception {
        return new PlaybookLoader(System::getenv, new QuartzCron()).load(TestPlaybooks.write(WORK, clusters, storeUrl,
                "flows:", "  - name: " + prefix.replace(".", "-"), "    source: east", "    target: west",
                "    topics: { include: [\"" + prefix.replace(".", "\\\\.") + "\\\\..*\"] }", "    start: " + start,
                "    delivery: " + delivery, "    topic-refresh: 1s"));
    }

    /** {@code count} records {@code <label>-<i>}, timestamped {@code at}. */
    private static void write(String topic, String label, int count, Instant at) throws Exception {
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(clusters.east().spec(), Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), ("k" + i).getBytes(StandardCharsets.UTF_8),
                        (label + "-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** The values of a replica once it holds {@code atLeast} records, read to its end. */
    private static Set<String> values(ClusterSpec cluster, String topic, int atLeast) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = TopicData.readAll(cluster, topic, atLeast);
        assertThat(records).as("no record copied twice or copied from before the start").hasSize(atLeast);
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }

    private static Set<String> expected(String label, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> label + "-" + i).collect(Collectors.toSet());
    }
}
