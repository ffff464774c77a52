package dev.tandem.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tandem.failures.Failure;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.load.PlaybookLoader;
import dev.tandem.replicator.ReplicationFailedException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** A sync point the target does not take stops the flow when its ACLs refuse it, restarts it otherwise. */
class TopicSyncPointSinkTest {

    private static final Flow FLOW = new PlaybookLoader(name -> null, schedule -> java.util.Optional.empty()).parse("""
            clusters:
              east: { bootstrap: "127.0.0.1:19092" }
              west: { bootstrap: "127.0.0.1:29092" }
            flows:
              - { name: f, source: east, target: west, topics: { include: ["orders"] } }
            """, "test.yaml").flows().get(0);

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());

    @Test
    void aSyncPointTheTargetsAclsRefuseStopsTheFlowNamingTopicAndCluster() {
        ReplicationFailedException e = recordFailingWith(new TopicAuthorizationException(Set.of("__tandem.sync-points")));

        assertThat(e.getMessage()).startsWith("flow f: not authorized to WRITE topic __tandem.sync-points on west: ");
        assertThat(e.failure()).isInstanceOf(Failure.NotAuthorized.class);
        assertThat(e.failure().retryMayHelp()).isFalse();
    }

    @Test
    void aSyncPointTheTargetCouldNotTakeForNowRestartsTheFlow() {
        ReplicationFailedException e = recordFailingWith(new NetworkException("gone"));

        assertThat(e.getMessage()).startsWith("flow f: writing sync points to __tandem.sync-points on west failed: ");
        assertThat(e.failure()).isEqualTo(new Failure.Transient());
    }

    private ReplicationFailedException recordFailingWith(RuntimeException failure) {
        CompletableFuture<Void> fail = CompletableFuture.runAsync(() -> {
            while (!producer.errorNext(failure)) {
                Thread.onSpinWait();
            }
        });
        ReplicationFailedException e = catchThrowableOfType(() -> new TopicSyncPointSink(FLOW, producer).record(
                List.of(new SyncPoint("orders", 0, 5, 5, Instant.EPOCH, false)), List.of()), ReplicationFailedException.class);
        fail.join();
        return e;
    }
}
