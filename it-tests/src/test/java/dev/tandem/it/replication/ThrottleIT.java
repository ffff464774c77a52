package dev.tandem.it.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.drills.QuartzCron;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TestPlaybooks;
import dev.tandem.it.support.TopicData;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.load.PlaybookLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code max-bytes-per-second} on two real clusters: a backlog is copied whole and no faster than
 * the limit. Only the upper bound is asserted (a slow machine copies slower, never faster); how
 * close to the limit the rate stays is a benchmark figure (bench/run-throttle).
 */
class ThrottleIT extends ReplicationTestBase {

    private static final int RECORDS = 4000;
    private static final int VALUE_BYTES = 1000;
    private static final long LIMIT = 1_000_000;

    @Test
    void aBacklogIsCopiedWholeAndNoFasterThanTheFlowsLimit() throws Exception {
        String topic = TestTopics.randomName("throttled");
        TopicData.create(clusters.east().spec(), topic, 4, Map.of());
        long bytes = write(topic);
        Playbook playbook = new PlaybookLoader(System::getenv, new QuartzCron()).load(TestPlaybooks.write(WORK, clusters,
                storeUrl, "flows:", "  - name: " + TestTopics.randomName("slow"), "    source: east",
                "    target: west", "    topics: { include: [\"" + topic + "\"] }", "    max-bytes-per-second: 1MB"));

        long started = System.nanoTime();
        try (RunningReplicator replicator = new RunningReplicator(playbook, playbook.flows(), store)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> TopicData.count(clusters.west().spec(), "east." + topic) >= RECORDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(TopicData.count(clusters.west().spec(), "east." + topic)).isEqualTo(RECORDS);
        // The bucket starts with a tenth of a second's worth: allowed is the limit over the time, plus that.
        double allowed = LIMIT * seconds * 1.1 + LIMIT / 10.0;
        assertThat((double) bytes).as("%,d bytes copied in %.1f s at a limit of %,d bytes/s", bytes, seconds, LIMIT)
                .isLessThanOrEqualTo(allowed);
    }

    /** The backlog, every send checked; returns its key and value bytes (what the limit counts). */
    private static long write(String topic) {
        long bytes = 0;
        AtomicReference<Exception> failed = new AtomicReference<>();
        // One request in flight: a retry after a timeout must stay within the broker's window of duplicates.
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(clusters.east().spec(),
                Map.of(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1))) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, new byte[VALUE_BYTES]), (m, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
                bytes += key.length + VALUE_BYTES;
            }
            producer.flush();
        }
        assertThat(failed.get()).as("writing the backlog").isNull();
        return bytes;
    }
}
