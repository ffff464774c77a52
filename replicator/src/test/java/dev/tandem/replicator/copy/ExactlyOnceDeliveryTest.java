package dev.tandem.replicator.copy;

import static dev.tandem.replicator.copy.EngineFixture.P0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tandem.kafka.InternalTopics;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.replicator.ReplicationSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The exactly-once engine on Kafka's mock clients: one transaction per partition and commit, fencing, resume. */
class ExactlyOnceDeliveryTest {

    private static final TopicPartition REPLICA = new TopicPartition("east.orders", 0);

    private final EngineFixture engine = new EngineFixture(P0);
    private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
    private final List<String> storeEvents = new ArrayList<>();
    private final List<SyncPoint> stored = new ArrayList<>();
    private Map<TopicPartition, Long> targetPositions = Map.of();
    private boolean autoComplete = true;

    private final ExactlyOnceDelivery delivery = new ExactlyOnceDelivery(engine.flow, engine.consumer,
            replicas -> targetPositions, id -> {
                MockProducer<byte[], byte[]> producer = new MockProducer<>(autoComplete, null,
                        new ByteArraySerializer(), new ByteArraySerializer());
                producers.add(producer);
                return producer;
            }, (points, progress) -> {
                storeEvents.add("store after a committed transaction: " + producers.get(0).transactionCommitted());
                stored.addAll(points);
            }, engine.metrics, engine.clock, ReplicationSettings.defaults());
    private final CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { },
            delivery, engine.metrics);

    @Test
    void aPartitionResumesAtThePositionItsLastTransactionCommittedOnTheTarget() {
        targetPositions = Map.of(REPLICA, 7L);

        delivery.assigned(List.of(P0));

        assertThat(engine.consumer.position(P0)).isEqualTo(7);
        assertThat(producers).singleElement().satisfies(p -> assertThat(p.transactionInitialized()).isTrue());
    }

    @Test
    void theCopiesTheirSyncPointsAndTheirPositionCommitInOneTransactionAndOnlyThenReachTheStore() {
        delivery.assigned(List.of(P0));
        engine.write(P0, 0, 3);
        loop.copyBatch(() -> false);

        delivery.commit();

        MockProducer<byte[], byte[]> producer = producers.get(0);
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.history()).extracting(r -> r.topic())
                .containsExactly("east.orders", "east.orders", "east.orders", InternalTopics.SYNC_POINTS);
        assertThat(producer.consumerGroupOffsetsHistory()).containsExactly(Map.of("tandem.replicator.east-to-west",
                Map.of(REPLICA, new OffsetAndMetadata(3))));
        assertThat(storeEvents).containsExactly("store after a committed transaction: true");
        assertThat(stored).extracting(SyncPoint::sourceOffset).containsExactly(0L);
    }

    @Test
    void aFencedPartitionStopsWithoutFailingTheSessionAndCommitsNothing() {
        delivery.assigned(List.of(P0));
        engine.write(P0, 0, 2);
        loop.copyBatch(() -> false);
        producers.get(0).fenceProducer();

        assertThatCode(delivery::commit).doesNotThrowAnyException();

        assertThatCode(delivery::throwIfFailed).doesNotThrowAnyException();
        assertThat(engine.consumer.paused()).containsExactly(P0);
        assertThat(producers.get(0).transactionCommitted()).isFalse();
        assertThat(producers.get(0).consumerGroupOffsetsHistory()).isEmpty();
        assertThat(stored).isEmpty();
    }

    @Test
    void aFailedSessionAbortsItsOpenTransactionInsteadOfCommittingIt() {
        autoComplete = false;
        delivery.assigned(List.of(P0));
        engine.write(P0, 0, 2);
        loop.copyBatch(() -> false);
        MockProducer<byte[], byte[]> producer = producers.get(0);
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("too large"));

        delivery.close();

        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.transactionCommitted()).isFalse();
        assertThat(producer.consumerGroupOffsetsHistory()).isEmpty();
        assertThat(stored).isEmpty();
    }
}
