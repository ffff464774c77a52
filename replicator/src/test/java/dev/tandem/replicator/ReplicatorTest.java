package dev.tandem.replicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.kafka.KafkaClients;
import dev.tandem.metrics.Health;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.load.PlaybookLoader;
import dev.tandem.safety.ClusterIds;
import dev.tandem.store.OpeningStore;
import dev.tandem.store.TandemStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

/** The replicator while its store is still opening: a stop and the health checks answer at once. */
class ReplicatorTest {

    private static final Playbook PLAYBOOK = new PlaybookLoader(name -> null, schedule -> java.util.Optional.empty())
            .parse("""
                    clusters:
                      east: { bootstrap: "127.0.0.1:19092" }
                      west: { bootstrap: "127.0.0.1:29092" }
                    flows:
                      - { name: east-to-west, source: east, target: west, topics: { include: ["orders"] }, sync-acls: read }
                    """, "test.yaml");

    /** Nothing of Kafka is asked before the store is open: any use fails the test. */
    private static final KafkaClients NO_KAFKA = new KafkaClients() {
        @Override
        public Admin admin(ClusterSpec cluster) {
            throw new AssertionError("asked Kafka before the store was open");
        }

        @Override
        public Producer<byte[], byte[]> producer(ClusterSpec cluster, Map<String, Object> tuning,
                                                 Map<String, Object> required) {
            throw new AssertionError("asked Kafka before the store was open");
        }

        @Override
        public Consumer<byte[], byte[]> consumer(ClusterSpec cluster, Map<String, Object> tuning,
                                                 Map<String, Object> required) {
            throw new AssertionError("asked Kafka before the store was open");
        }
    };

    @Test
    void aStopWhileTheStartWaitsForTheStoreEndsTheStartAndTheHealthChecksAnswerMeanwhile() throws Exception {
        CompletableFuture<TandemStore> neverOpens = new CompletableFuture<>();
        Replicator replicator = new Replicator(PLAYBOOK, PLAYBOOK.flows(), NO_KAFKA, OpeningStore.when(neverOpens),
                new SimpleMeterRegistry(), Clock.systemUTC(), ReplicationSettings.defaults());
        // a flow with sync-acls syncs them before anything is copied, and that needs the store
        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> replicator.start(
                new Replicator.Preflight(List.of(new ClusterIds("east-id", "west-id")))));
        assertThatThrownBy(() -> start.get(300, TimeUnit.MILLISECONDS)).as("waiting for the store")
                .isInstanceOf(TimeoutException.class);

        assertThat(CompletableFuture.supplyAsync(replicator::readiness).get(5, TimeUnit.SECONDS))
                .isEqualTo(Health.down("the store is opening"));
        assertThat(CompletableFuture.supplyAsync(replicator::liveness).get(5, TimeUnit.SECONDS).up()).isTrue();
        CompletableFuture.runAsync(replicator::stop).get(5, TimeUnit.SECONDS); // a SIGTERM's stop: at once

        start.get(5, TimeUnit.SECONDS);
        assertThat(replicator.awaitTermination(java.time.Duration.ofSeconds(5))).isEmpty();
        assertThat(replicator.terminated()).as("no flow thread left running").isTrue();
        replicator.close();
    }
}
