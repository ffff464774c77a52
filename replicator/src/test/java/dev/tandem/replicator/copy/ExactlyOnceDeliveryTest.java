package dev.tandem.replicator.copy;

import static dev.tandem.replicator.copy.EngineFixture.P0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.kafka.InternalTopics;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.replicator.ReplicationFailedException;
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
    private Map<TopicPartition, TargetPositions.Position> targetPositions = Map.of();
    private boolean autoComplete = true;
    /** The source topics' IDs now (none known unless a test says). */
    private final Map<String, org.apache.kafka.common.Uuid> sourceIds = new java.util.HashMap<>();

    private final ExactlyOnceDelivery delivery = new ExactlyOnceDelivery(engine.flow, engine.consumer,
            replicas -> targetPositions, topics -> Map.copyOf(sourceIds), id -> {
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
        targetPositions = Map.of(REPLICA, new TargetPositions.Position(7L, java.util.Optional.empty()));

        delivery.assigned(List.of(P0));

        assertThat(engine.consumer.position(P0)).isEqualTo(7);
        assertThat(producers).singleElement().satisfies(p -> assertThat(p.transactionInitialized()).isTrue());
    }

    @Test
    void aCopyLandingBeforeTheReplicasEndItsPositionNamesStopsTheFlow() {
        // resumed after a restart: the replica had reached 42 when the position was committed; it was deleted since
        targetPositions = Map.of(REPLICA, new TargetPositions.Position(7L, java.util.Optional.empty(),
                java.util.OptionalLong.of(42)));
        delivery.assigned(List.of(P0));
        engine.write(P0, 7, 1);

        loop.copyBatch(() -> false); // acknowledged at offset 0 of the re-created replica

        assertThatThrownBy(delivery::throwIfFailed).hasMessageContaining("ends before what the flow had copied into it");
    }

    @Test
    void withoutAPositionOnTheTargetTheSourceGroupsReplicaEndStopsACopyLandingBeforeIt() {
        // a replica deleted takes the target group's offsets of it along: the source group's (monitoring) remain
        engine.consumer.commitSync(Map.of(P0, new OffsetAndMetadata(7, "replica-end=42")));
        delivery.assigned(List.of(P0));
        engine.write(P0, 7, 1);

        loop.copyBatch(() -> false);

        assertThatThrownBy(delivery::throwIfFailed).hasMessageContaining("ends before what the flow had copied into it");
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
        assertThat(producer.consumerGroupOffsetsHistory()).as("the position, with the replica's end after the copies")
                .containsExactly(Map.of("tandem.replicator.east-to-west", Map.of(REPLICA, new OffsetAndMetadata(3,
                        "replica-end=3"))));
        assertThat(storeEvents).containsExactly("store after a committed transaction: true");
        assertThat(stored).extracting(SyncPoint::sourceOffset).containsExactly(0L);
    }

    @Test
    void aCommitWhoseCopiesAreNeverAcknowledgedFailsTheSessionWithinTheRoundsBound() throws Exception {
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        ExactlyOnceDelivery stuck = new ExactlyOnceDelivery(engine.flow, engine.consumer, replicas -> Map.of(),
                SourceTopicIds.NONE, id -> new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
                    @Override
                    public synchronized void flush() {
                        try { // as Kafka's flush does while its copies to a deleted replica retry
                            answer.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }, (points, progress) -> { }, engine.metrics, engine.clock, ReplicationSettings.defaults(),
                java.time.Duration.ofMillis(300));
        try {
            stuck.assigned(List.of(P0));
            engine.write(P0, 0, 2);
            new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, stuck, engine.metrics)
                    .copyBatch(() -> false);

            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
                    assertThatThrownBy(stuck::commit).isInstanceOf(ReplicationFailedException.class)
                            .hasMessageContaining("committing the transaction of orders-0 on west failed: no answer from"
                                    + " west within 0 s"));
        } finally {
            answer.countDown();
        }
    }

    @Test
    void aFencedPartitionStopsWithoutFailingTheSessionAndCommitsNothing() {
        copyTwoRecords();
        producers.get(0).fenceProducer();

        assertThatCode(delivery::commit).doesNotThrowAnyException();

        assertThatCode(delivery::throwIfFailed).doesNotThrowAnyException();
        assertThat(engine.consumer.paused()).containsExactly(P0);
        assertThat(producers.get(0).transactionCommitted()).isFalse();
        assertThat(producers.get(0).consumerGroupOffsetsHistory()).isEmpty();
        assertThat(stored).isEmpty();
    }

    @Test
    void aStaleEpochWhoseAbortSucceedsRestartsTheSessionSayingTheBrokerAbortedTheTransaction() {
        copyTwoRecords();
        MockProducer<byte[], byte[]> producer = staleEpochAtCommit(producers.get(0));

        assertThatThrownBy(delivery::commit).isInstanceOfSatisfying(ReplicationFailedException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("flow east-to-west: the transaction of orders-0 on west was aborted"
                    + " by the broker (another process took the partition over, or it outlived transaction.timeout.ms);"
                    + " nothing of it was committed");
            assertThat(e.failure().retryMayHelp()).as("a restart, not a stop").isTrue();
        });
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(engine.consumer.paused()).isEmpty();
        assertThat(stored).isEmpty();
    }

    @Test
    void aStaleEpochWhoseAbortIsRefusedAsFencedStopsOnlyThatPartition() {
        copyTwoRecords();
        MockProducer<byte[], byte[]> producer = staleEpochAtCommit(producers.get(0));
        producer.abortTransactionException = new org.apache.kafka.common.errors.ProducerFencedException(
                "There is a newer producer with the same transactionalId");

        assertThatCode(delivery::commit).doesNotThrowAnyException();

        assertThatCode(delivery::throwIfFailed).doesNotThrowAnyException();
        assertThat(engine.consumer.paused()).containsExactly(P0);
        assertThat(stored).isEmpty();
    }

    @Test
    void withoutAPositionOnTheTargetASourceOffsetCommittedForAnotherTopicOfTheSameNameIsNotResumedFrom() {
        org.apache.kafka.common.Uuid old = org.apache.kafka.common.Uuid.randomUuid();
        sourceIds.put(P0.topic(), org.apache.kafka.common.Uuid.randomUuid()); // re-created since
        engine.consumer.commitSync(Map.of(P0, new OffsetAndMetadata(7, "source-topic-id=" + old + ";replica-end=42")));
        engine.consumer.seek(P0, 7);
        engine.consumer.updateBeginningOffsets(Map.of(P0, 0L));

        delivery.assigned(List.of(P0));

        assertThat(engine.consumer.position(P0)).as("the new topic from its first record").isZero();
    }

    @Test
    void aTopicReCreatedSinceItsAssignmentIsNotCommittedAndItsTransactionIsAborted() {
        sourceIds.put(P0.topic(), org.apache.kafka.common.Uuid.randomUuid());
        copyTwoRecords();
        sourceIds.put(P0.topic(), org.apache.kafka.common.Uuid.randomUuid()); // deleted and re-created meanwhile

        assertThatThrownBy(delivery::commit).isInstanceOf(dev.tandem.replicator.ReplicationFailedException.class)
                .hasMessageContaining("east orders was deleted and re-created while the flow copied it");
        delivery.close();

        MockProducer<byte[], byte[]> producer = producers.get(0);
        assertThat(producer.transactionCommitted()).isFalse();
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.consumerGroupOffsetsHistory()).as("no position of the old topic's offsets").isEmpty();
        assertThat(stored).isEmpty();
    }

    @Test
    void aFailedSessionAbortsItsOpenTransactionInsteadOfCommittingIt() {
        autoComplete = false;
        copyTwoRecords();
        MockProducer<byte[], byte[]> producer = producers.get(0);
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("too large"));

        delivery.close();

        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.transactionCommitted()).isFalse();
        assertThat(producer.consumerGroupOffsetsHistory()).isEmpty();
        assertThat(stored).isEmpty();
    }

    @Test
    void theProducersOfAnAssignmentInitializeTransactionsSideBySideNotOneAfterAnother() {
        EngineFixture two = new EngineFixture(P0, EngineFixture.P1);
        java.util.concurrent.CountDownLatch bothStarted = new java.util.concurrent.CountDownLatch(2);
        List<Boolean> sawTheOther = java.util.Collections.synchronizedList(new ArrayList<>());
        ExactlyOnceDelivery side = deliveryOf(two, () -> new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public void initTransactions() {
                bothStarted.countDown();
                try {
                    // one after the other, the first would wait here alone
                    sawTheOther.add(bothStarted.await(10, java.util.concurrent.TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.initTransactions();
            }
        });

        side.assigned(List.of(P0, EngineFixture.P1));

        assertThat(sawTheOther).containsExactly(true, true);
    }

    @Test
    void theCommitsOfARoundRunSideBySideAndATargetThatDoesNotAnswerIsAskedNoAbortsAfterwards() {
        EngineFixture two = new EngineFixture(P0, EngineFixture.P1);
        List<MockProducer<byte[], byte[]>> made = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch bothCommitting = new java.util.concurrent.CountDownLatch(2);
        List<Boolean> sawTheOther = java.util.Collections.synchronizedList(new ArrayList<>());
        ExactlyOnceDelivery silent = deliveryOf(two, () -> {
            MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                    new ByteArraySerializer()) {
                @Override
                public void commitTransaction() {
                    bothCommitting.countDown();
                    try {
                        // one after the other, the first would wait here alone (as max.block.ms would, each)
                        sawTheOther.add(bothCommitting.await(10, java.util.concurrent.TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new org.apache.kafka.common.errors.TimeoutException("Timeout expired after 30000ms while"
                            + " awaiting EndTxn(true)");
                }
            };
            made.add(producer);
            return producer;
        });
        copyToBoth(two, silent, 2, 2);

        org.assertj.core.api.Assertions.assertThatThrownBy(silent::commit).hasMessageContaining("Timeout expired");
        silent.close();

        assertThat(sawTheOther).containsExactly(true, true);
        assertThat(made).hasSize(2).allSatisfy(p -> {
            assertThat(p.transactionAborted()).isFalse();
            assertThat(p.closed()).isTrue();
        });
    }

    @Test
    void aRoundSavesEveryCommittedPartitionToTheStoreInOneWrite() {
        EngineFixture two = new EngineFixture(P0, EngineFixture.P1);
        List<List<SyncPoint>> writes = new ArrayList<>();
        List<Integer> progressPerWrite = new ArrayList<>();
        ExactlyOnceDelivery batched = new ExactlyOnceDelivery(two.flow, two.consumer, replicas -> Map.of(), SourceTopicIds.NONE,
                id -> new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()),
                (points, progress) -> {
                    writes.add(points);
                    progressPerWrite.add(progress.size());
                }, two.metrics, two.clock, ReplicationSettings.defaults());
        copyToBoth(two, batched, 2, 3);

        batched.commit();

        assertThat(writes).singleElement().satisfies(points -> assertThat(points).extracting(SyncPoint::partition)
                .containsExactlyInAnyOrder(0, 1));
        assertThat(progressPerWrite).containsExactly(2);
    }

    /** P0 assigned, two records written to it and copied (not yet committed). */
    @Test
    void theFirstRoundAfterAnAssignmentEndsEarlyOnceItHoldsCopiesThenOnlyACaughtUpFlowsDo() {
        java.time.Instant start = engine.clock.instant();
        java.time.Duration fifth = ReplicationSettings.defaults().commitInterval(engine.flow).dividedBy(5);
        delivery.assigned(List.of(P0));
        delivery.commit(); // a round with nothing to commit yet (the session's first)
        assertThat(delivery.commitDue(start.plus(fifth), () -> false)).as("nothing copied").isFalse();

        engine.write(P0, 0, 2);
        loop.copyBatch(() -> false);
        assertThat(delivery.commitDue(start.plus(fifth), () -> false))
                .as("the partitions' first copies, the flow behind").isTrue();
        delivery.commit();
        engine.write(P0, 2, 1);
        loop.copyBatch(() -> false);

        assertThat(delivery.commitDue(start.plus(fifth), () -> false)).as("behind: the interval's length").isFalse();
        assertThat(delivery.commitDue(start.plus(fifth).minusMillis(1), () -> true))
                .as("caught up, sooner than a fifth of the interval after the last round").isFalse();
        assertThat(delivery.commitDue(start.plus(fifth), () -> true)).as("caught up").isTrue();
    }

    private void copyTwoRecords() {
        delivery.assigned(List.of(P0));
        engine.write(P0, 0, 2);
        loop.copyBatch(() -> false);
    }

    /** The producer's next commit fails with a stale epoch, as a zombie's does. */
    private static MockProducer<byte[], byte[]> staleEpochAtCommit(MockProducer<byte[], byte[]> producer) {
        producer.commitTransactionException = new org.apache.kafka.common.errors.InvalidProducerEpochException(
                "Producer attempted to produce with an old epoch.");
        return producer;
    }

    /** Both partitions assigned to {@code delivery}, records written to each and copied (not yet committed). */
    private static void copyToBoth(EngineFixture two, ExactlyOnceDelivery delivery, int toP0, int toP1) {
        CopyLoop copy = new CopyLoop(two.flow, EngineFixture.IDS, two.consumer, (s, r, p) -> { }, delivery, two.metrics);
        delivery.assigned(List.of(P0, EngineFixture.P1));
        two.write(P0, 0, toP0);
        two.write(EngineFixture.P1, 0, toP1);
        copy.copyBatch(() -> false);
    }

    private ExactlyOnceDelivery deliveryOf(EngineFixture fixture,
                                           java.util.function.Supplier<MockProducer<byte[], byte[]>> producer) {
        return new ExactlyOnceDelivery(fixture.flow, fixture.consumer, replicas -> Map.of(), SourceTopicIds.NONE, id -> producer.get(),
                (points, progress) -> { }, fixture.metrics, fixture.clock, ReplicationSettings.defaults());
    }
}
