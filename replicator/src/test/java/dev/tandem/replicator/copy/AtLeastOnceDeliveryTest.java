package dev.tandem.replicator.copy;

import dev.tandem.provenance.Provenance;
import static dev.tandem.replicator.copy.EngineFixture.P0;
import static dev.tandem.replicator.copy.EngineFixture.P1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.offsets.SyncPoint;
import dev.tandem.replicator.ReplicationFailedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The at-least-once engine on Kafka's mock clients: what is committed, when, and in which order. */
class AtLeastOnceDeliveryTest {

    @Test
    void neverCommitsPastARecordTheTargetHasNotAcknowledged() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 3);
        engine.copyBatch();
        engine.acknowledge(1);

        engine.delivery.commit();
        assertThat(engine.committed(P0)).isEqualTo(1L);

        engine.acknowledge(2);
        engine.delivery.commit();
        assertThat(engine.committed(P0)).isEqualTo(3L);
    }

    @Test
    void aSessionEndingOnAFailureCommitsWhatWasAcknowledgedWithoutWaitingForWhatIsInFlight() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 3);
        engine.copyBatch();
        engine.acknowledge(1);

        // a flush would wait (the mock: complete) the two in flight, which may retry for minutes against a lost replica
        engine.delivery.abandon();

        assertThat(engine.committed(P0)).isEqualTo(1L);
        assertThat(engine.producer.completeNext()).as("still in flight").isTrue();
    }

    @Test
    void aCleanStopWaitsForWhatIsInFlightAndCommitsIt() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 3);
        engine.copyBatch();
        engine.acknowledge(1);

        engine.delivery.close();

        assertThat(engine.committed(P0)).isEqualTo(3L);
    }

    @Test
    void eachPartitionCommitsWhatItsOwnCopiesReachedWhateverAnotherHasInFlight() {
        EngineFixture engine = new EngineFixture(P0, P1);
        engine.write(P1, 0, 1);
        engine.copyBatch();
        engine.write(P0, 0, 2);
        engine.copyBatch();
        engine.acknowledge(1); // P1's copy, sent first; P0's two are still in flight

        engine.delivery.commit();

        assertThat(engine.committed(P1)).isEqualTo(1L);
        assertThat(engine.committed(P0)).isNull();
    }

    @Test
    void savesSyncPointsBeforeCommittingTheOffsetsTheyCover() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 5);
        engine.copyBatch();
        engine.acknowledge(5);

        engine.delivery.commit();

        assertThat(engine.events).containsExactly("save 1 sync points", "commit orders-0 at 5");
        SyncPoint first = engine.saved.get(0);
        assertThat(first.sourceOffset()).isZero();
        assertThat(first.targetOffset()).isZero();
    }

    @Test
    void aCommitRefusedWhileTheGroupRebalancesIsMadeAtTheNextCommitWithoutRestartingTheSession() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 5);
        engine.copyBatch();
        engine.acknowledge(5);
        engine.consumer.nextCommitRefused = new org.apache.kafka.common.errors.RebalanceInProgressException("rebalancing");

        engine.delivery.commit(); // no exception: the session goes on
        assertThat(engine.committed(P0)).isNull();

        engine.delivery.commit();
        assertThat(engine.committed(P0)).isEqualTo(5L);
        assertThat(engine.events).containsExactly("save 1 sync points", "commit refused: RebalanceInProgressException",
                "save 0 sync points", "commit orders-0 at 5"); // the first sync point saved once, not lost or repeated
    }

    @Test
    void aFailedSaveOfSyncPointsCommitsNothing() {
        EngineFixture engine = new EngineFixture(P0);
        AtLeastOnceDelivery failingSink = new AtLeastOnceDelivery(engine.flow, engine.consumer, engine.producer,
                (points, progress) -> {
                    throw new IllegalStateException("store away");
                }, engine.metrics, engine.clock, dev.tandem.replicator.ReplicationSettings.defaults());
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, failingSink,
                engine.metrics);
        engine.write(P0, 0, 2);
        loop.copyBatch(() -> false);
        engine.acknowledge(2);

        assertThatThrownBy(failingSink::commit).hasMessageContaining("store away");
        assertThat(engine.committed(P0)).isNull();
    }

    @Test
    void aStoreThatRefusesIsRetriedAtEachCommitWithTheHeldSyncPointsFirstAndNothingIsCommittedMeanwhile() {
        EngineFixture engine = new EngineFixture(P0);
        java.util.concurrent.atomic.AtomicBoolean storeAway = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<SyncPoint> saved = new java.util.ArrayList<>();
        AtLeastOnceDelivery delivery = withStore(engine, storeAway, saved);
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        engine.write(P0, 0, 2);
        loop.copyBatch(() -> false);
        engine.acknowledge(2);

        delivery.commit(); // refused: the first copy's sync point is held, not lost
        assertThat(delivery.holding()).hasValueSatisfying(why -> assertThat(why).contains("refused"));
        assertThat(engine.committed(P0)).isNull();

        engine.write(P0, 2, 1);
        loop.copyBatch(() -> false);
        engine.acknowledge(1);
        delivery.commit(); // refused again
        assertThat(engine.committed(P0)).isNull();

        storeAway.set(false);
        delivery.commit();
        assertThat(saved).as("the held sync point is saved").extracting(SyncPoint::sourceOffset).startsWith(0L);
        assertThat(engine.committed(P0)).isEqualTo(3L);
        assertThat(delivery.holding()).isEmpty();
    }

    /** Saves run when the test says: a save in flight, as on the delivery's own thread in a running flow. */
    private static final class SaverQueue implements java.util.concurrent.Executor {
        private final java.util.Deque<Runnable> queued = new java.util.ArrayDeque<>();

        @Override
        public void execute(Runnable save) {
            queued.add(save);
        }

        void runNext() {
            queued.removeFirst().run();
        }
    }

    private static AtLeastOnceDelivery savingOn(EngineFixture engine, java.util.concurrent.Executor saver,
                                                java.time.Clock clock, java.util.List<SyncPoint> saved) {
        return new AtLeastOnceDelivery(engine.flow, engine.consumer, engine.producer, (points, progress) -> {
            engine.events.add("save " + points.size() + " sync points");
            saved.addAll(points);
        }, engine.metrics, clock, dev.tandem.replicator.ReplicationSettings.defaults(), saver);
    }

    @Test
    void whileASaveIsInFlightTheCopyGoesOnAndItsOffsetsAreCommittedOnlyOnceItIsDone() {
        EngineFixture engine = new EngineFixture(P0);
        SaverQueue saver = new SaverQueue();
        List<SyncPoint> saved = new java.util.ArrayList<>();
        AtLeastOnceDelivery delivery = savingOn(engine, saver, engine.clock, saved);
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        engine.write(P0, 0, 3);
        loop.copyBatch(() -> false);
        engine.acknowledge(3);

        delivery.commit(); // the save of offsets 0-2 begins
        delivery.completeCommits();
        assertThat(engine.committed(P0)).as("nothing committed before its sync points are saved").isNull();
        engine.write(P0, 3, 2);
        loop.copyBatch(() -> false); // the copy does not wait for the store
        engine.acknowledge(2);
        assertThat(engine.producer.history()).hasSize(5);
        delivery.commit(); // a save is still in flight: nothing more is settled meanwhile
        assertThat(engine.events).isEmpty();

        saver.runNext();
        delivery.completeCommits();
        assertThat(engine.events).containsExactly("save 1 sync points", "commit orders-0 at 3");
        delivery.commit(); // settles the copies made during the save
        saver.runNext();
        delivery.completeCommits();
        assertThat(engine.committed(P0)).isEqualTo(5L);
        assertThat(saved).extracting(SyncPoint::sourceOffset).containsExactly(0L);
    }

    @Test
    void aSaveStillInFlightAfterFiveSecondsPausesTheCopyUntilItIsDone() {
        EngineFixture engine = new EngineFixture(P0);
        SaverQueue saver = new SaverQueue();
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-07T00:00:00Z"));
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.Instant instant() {
                return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        AtLeastOnceDelivery delivery = savingOn(engine, saver, clock, new java.util.ArrayList<>());
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        engine.write(P0, 0, 1);
        loop.copyBatch(() -> false);
        engine.acknowledge(1);
        delivery.commit();

        now.set(now.get().plusMillis(4900));
        assertThat(delivery.holding()).as("within 5 s (more than the commit interval, 1 s: a first save takes a"
                + " second)").isEmpty();
        now.set(now.get().plusMillis(200));
        assertThat(delivery.holding()).hasValueSatisfying(why ->
                assertThat(why).isEqualTo("the store has not answered the save of the sync points for 5100 ms"));

        saver.runNext();
        assertThat(delivery.holding()).isEmpty();
        delivery.completeCommits();
        assertThat(engine.committed(P0)).isEqualTo(1L);
    }

    @Test
    void revokedPartitionsWaitForTheSaveInFlightAndAreCommittedBeforeTheyGo() throws Exception {
        EngineFixture engine = new EngineFixture(P0);
        java.util.concurrent.CountDownLatch storeAnswers = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService saver = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.ExecutorService flowThread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            AtLeastOnceDelivery delivery = new AtLeastOnceDelivery(engine.flow, engine.consumer, engine.producer,
                    (points, progress) -> {
                        try {
                            storeAnswers.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, engine.metrics, engine.clock, dev.tandem.replicator.ReplicationSettings.defaults(), saver);
            CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                    engine.metrics);
            engine.write(P0, 0, 2);
            loop.copyBatch(() -> false);
            engine.acknowledge(1);
            delivery.commit(); // offset 1, its save waiting for the store
            engine.acknowledge(1);

            java.util.concurrent.Future<?> revocation = flowThread.submit(() -> delivery.revoked(List.of(P0)));
            assertThatThrownBy(() -> revocation.get(300, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .as("the revocation waits for the save in flight").isInstanceOf(java.util.concurrent.TimeoutException.class);
            assertThat(engine.committed(P0)).isNull();
            storeAnswers.countDown();
            revocation.get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(engine.committed(P0)).as("both copies, committed before the partition goes").isEqualTo(2L);
        } finally {
            storeAnswers.countDown();
            flowThread.shutdownNow();
            saver.shutdownNow();
        }
    }

    @Test
    void aCommitTheGroupRefusesForGoodEndsTheSessionAtTheNextLoop() {
        EngineFixture engine = new EngineFixture(P0);
        SaverQueue saver = new SaverQueue();
        AtLeastOnceDelivery delivery = savingOn(engine, saver, engine.clock, new java.util.ArrayList<>());
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        engine.write(P0, 0, 1);
        loop.copyBatch(() -> false);
        engine.acknowledge(1);
        delivery.commit();
        engine.consumer.nextCommitRefused = new org.apache.kafka.clients.consumer.CommitFailedException("replaced");

        saver.runNext();
        delivery.completeCommits(); // the asynchronous commit, refused in its callback
        assertThatThrownBy(delivery::completeCommits).as("as the synchronous commit threw before")
                .isInstanceOf(org.apache.kafka.clients.consumer.CommitFailedException.class);
        assertThat(engine.committed(P0)).isNull();
    }

    @Test
    void aSaveTheStoreRefusesAsNotTheOwnersCommitsNothingMoreInThisSession() {
        EngineFixture engine = new EngineFixture(P0, P1);
        SaverQueue saver = new SaverQueue();
        java.util.concurrent.atomic.AtomicBoolean moved = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtLeastOnceDelivery delivery = new AtLeastOnceDelivery(engine.flow, engine.consumer, engine.producer,
                (points, progress) -> {
                    if (moved.get()) {
                        throw new dev.tandem.store.NotTheOwnerException("claimed by another member", java.util.Set.of(
                                new dev.tandem.client.Partition(P0.topic(), P0.partition())));
                    }
                }, engine.metrics, engine.clock, dev.tandem.replicator.ReplicationSettings.defaults(), saver);
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        engine.write(P0, 0, 1);
        engine.write(P1, 0, 1);
        loop.copyBatch(() -> false);
        engine.acknowledge(2);
        delivery.commit();
        delivery.lost(List.of(P0)); // the group gave it to the member whose claim refused the save
        saver.runNext();
        moved.set(false);

        assertThatThrownBy(delivery::completeCommits).isInstanceOf(dev.tandem.store.NotTheOwnerException.class);
        // the session ends: P1's sync points were in the refused save (a save begun now would wait for this queue)
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), delivery::abandon);

        assertThat(engine.committed(P1)).as("not committed without its sync points").isNull();
    }

    @Test
    void aPartitionLostWhileItsSaveWasInFlightIsNotCommittedByIt() {
        EngineFixture engine = new EngineFixture(P0, P1);
        SaverQueue saver = new SaverQueue();
        AtLeastOnceDelivery delivery = savingOn(engine, saver, engine.clock, new java.util.ArrayList<>());
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        engine.write(P0, 0, 1);
        engine.write(P1, 0, 1);
        loop.copyBatch(() -> false);
        engine.acknowledge(2);
        delivery.commit();

        delivery.lost(List.of(P0)); // another member has it now
        saver.runNext();
        delivery.completeCommits();

        assertThat(engine.committed(P1)).isEqualTo(1L);
        assertThat(engine.committed(P0)).isNull();
    }

    @Test
    void aPartitionLostWhileTheStoreRefusedItsSaveIsNotHeld() {
        EngineFixture engine = new EngineFixture(P0, P1);
        SaverQueue saver = new SaverQueue();
        java.util.concurrent.atomic.AtomicBoolean storeAway = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<SyncPoint> saved = new java.util.ArrayList<>();
        AtLeastOnceDelivery delivery = withStore(engine, storeAway, saved, saver);
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        engine.write(P0, 0, 1);
        engine.write(P1, 0, 1);
        loop.copyBatch(() -> false);
        engine.acknowledge(2);
        delivery.commit();

        delivery.lost(List.of(P0)); // during the save, which the store then refuses
        saver.runNext();
        delivery.completeCommits();
        assertThat(delivery.holding()).isPresent();
        storeAway.set(false);
        delivery.commit();
        saver.runNext();
        delivery.completeCommits();

        assertThat(saved).as("only what is still this member's").extracting(SyncPoint::partition).containsExactly(1);
        assertThat(engine.committed(P1)).isEqualTo(1L);
        assertThat(delivery.holding()).isEmpty();
    }

    @Test
    void aPartitionLostAndGivenBackWhileTheStoreRefusedItsSaveHoldsNothingOfItsFormerAssignment() {
        EngineFixture engine = new EngineFixture(P0, P1);
        SaverQueue saver = new SaverQueue();
        java.util.concurrent.atomic.AtomicBoolean storeAway = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<SyncPoint> saved = new java.util.ArrayList<>();
        AtLeastOnceDelivery delivery = withStore(engine, storeAway, saved, saver);
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        engine.write(P0, 0, 1);
        engine.write(P1, 0, 1);
        loop.copyBatch(() -> false);
        engine.acknowledge(2);
        delivery.commit();

        delivery.lost(List.of(P0)); // during the save: another member copies it meanwhile
        delivery.assigned(List.of(P0)); // and it comes back
        engine.write(P0, 1, 1);
        loop.copyBatch(() -> false); // a ledger of its own, from its new assignment's first copy
        engine.acknowledge(1);
        saver.runNext();
        delivery.completeCommits();
        storeAway.set(false);
        delivery.commit();
        saver.runNext();
        delivery.completeCommits();

        assertThat(saved).as("the copy of P0 made before it was lost is not saved over the other member's")
                .filteredOn(p -> p.partition() == 0).extracting(SyncPoint::sourceOffset).containsExactly(1L);
        assertThat(saved).filteredOn(p -> p.partition() == 1).extracting(SyncPoint::sourceOffset).containsExactly(0L);
    }

    /** A delivery whose store refuses (as a stopped PostgreSQL does) while {@code away}, else keeps the points in {@code saved}. */
    private static AtLeastOnceDelivery withStore(EngineFixture engine, java.util.concurrent.atomic.AtomicBoolean away,
                                                 List<SyncPoint> saved) {
        return withStore(engine, away, saved, Runnable::run);
    }

    /** The same, saving on {@code saver}. */
    private static AtLeastOnceDelivery withStore(EngineFixture engine, java.util.concurrent.atomic.AtomicBoolean away,
                                                 List<SyncPoint> saved, java.util.concurrent.Executor saver) {
        return new AtLeastOnceDelivery(engine.flow, engine.consumer, engine.producer, (points, progress) -> {
            if (away.get()) {
                throw new dev.tandem.store.StoreException("the store did not take the sync points: refused", null);
            }
            saved.addAll(points);
        }, engine.metrics, engine.clock, dev.tandem.replicator.ReplicationSettings.defaults(), saver);
    }

    @Test
    void whatIsHeldOfAPartitionThatMovesAwayIsForgotten() {
        EngineFixture engine = new EngineFixture(P0, P1);
        java.util.concurrent.atomic.AtomicBoolean storeAway = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<SyncPoint> saved = new java.util.ArrayList<>();
        AtLeastOnceDelivery delivery = withStore(engine, storeAway, saved);
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        engine.write(P0, 0, 1);
        engine.write(P1, 0, 1);
        loop.copyBatch(() -> false);
        engine.acknowledge(2);
        delivery.commit();
        assertThat(delivery.holding()).isPresent();

        delivery.lost(List.of(P0)); // its new owner copies it again and describes its own copies
        storeAway.set(false);
        delivery.commit();

        assertThat(saved).extracting(SyncPoint::partition).containsExactly(1);
        assertThat(engine.committed(P1)).isEqualTo(1L);
        assertThat(engine.committed(P0)).isNull();
        assertThat(delivery.holding()).isEmpty();
    }

    @Test
    void aSessionEndingOnAReplicaFoundRewoundDropsThatPartitionsSyncPoints() {
        EngineFixture engine = new EngineFixture(P0);
        List<String> forgotten = new java.util.ArrayList<>();
        AtLeastOnceDelivery delivery = new AtLeastOnceDelivery(engine.flow, engine.consumer, engine.producer,
                new dev.tandem.replicator.offsets.SyncPointSink() {
                    @Override
                    public void record(List<SyncPoint> points, List<dev.tandem.store.SyncPointRepository.Progress> progress) {
                    }

                    @Override
                    public void forget(String topic) {
                        forgotten.add(topic);
                    }
                }, engine.metrics, engine.clock, dev.tandem.replicator.ReplicationSettings.defaults());
        // the flow had copied 42 records into the replica; the first copy of this session lands at 0
        engine.consumer.commitSync(java.util.Map.of(P0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0,
                new CommitMetadata(java.util.Optional.empty(), java.util.OptionalLong.of(42)).format())));
        delivery.assigned(List.of(P0));
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        engine.write(P0, 0, 1);
        loop.copyBatch(() -> false);
        engine.acknowledge(1);
        assertThatThrownBy(delivery::throwIfFailed).hasMessageContaining("ends before what the flow had copied into it");

        delivery.abandon();

        assertThat(forgotten).containsExactly("orders");
    }

    @Test
    void aRevokedPartitionCommitsWhatWasAcknowledgedAndNothingAfter() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 3);
        engine.copyBatch();
        engine.acknowledge(1);
        engine.producer.errorNext(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved"));

        engine.delivery.revoked(List.of(P0)); // the flush acknowledges offset 2, after the failed offset 1

        assertThat(engine.committed(P0)).isEqualTo(1L);
        engine.events.clear();
        engine.delivery.commit();
        assertThat(engine.events).as("a revoked partition is forgotten").isEmpty();
    }

    @Test
    void aLostPartitionsLateAcknowledgementQueuesNoSyncPoint() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 1);
        engine.copyBatch();

        engine.delivery.lost(List.of(P0));
        engine.acknowledge(1); // the target's answer arrives after the partition moved away
        engine.delivery.commit();

        assertThat(engine.saved).isEmpty();
        assertThat(engine.events).isEmpty();
        assertThat(engine.metrics.replicatedRecords()).isZero();
    }

    @Test
    void aFailedSendStopsTheFlowNamingTheRecordAndNothingAfterItIsSent() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 2);
        engine.copyBatch();
        engine.acknowledge(1);
        engine.producer.errorNext(new RecordTooLargeException("too large"));
        engine.write(P0, 2, 3);

        assertThatThrownBy(engine::copyBatch)
                .isInstanceOfSatisfying(ReplicationFailedException.class, e -> assertThat(e.failure().retryMayHelp()).isFalse())
                .hasMessageStartingWith("flow east-to-west: record orders-0 offset 1 (7 bytes) is larger than west"
                        + " accepts for east.orders");
        assertThat(engine.producer.history()).as("no record after the failure was handed over").hasSize(2);
        engine.delivery.close();
        assertThat(engine.committed(P0)).isEqualTo(1L);
    }

    @Test
    void anExceptionInTheAcknowledgementBookkeepingFailsTheSession() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 1);
        engine.copyBatch();
        engine.clock.arm();

        engine.acknowledge(1);

        assertThatThrownBy(engine.delivery::throwIfFailed)
                .isInstanceOf(ReplicationFailedException.class)
                .hasMessageContaining("flow east-to-west: recording the copy of orders-0 offset 0 failed");
    }

    @Test
    void aRecordThatCameFromTheTargetIsSkippedAndCountsAsDelivered() {
        EngineFixture engine = new EngineFixture(P0);
        RecordHeaders fromWest = new RecordHeaders();
        fromWest.add(new RecordHeader(Provenance.HEADER, "west-id".getBytes(StandardCharsets.UTF_8)));
        engine.consumer.addRecord(EngineFixture.record(P0, 0, fromWest));
        engine.write(P0, 1, 1);
        engine.copyBatch();
        engine.acknowledge(1);

        engine.delivery.commit();

        assertThat(engine.producer.history()).hasSize(1);
        assertThat(engine.committed(P0)).isEqualTo(2L);
    }

    @Test
    void stepsPastWhatTheConsumerSkippedOnlyOnceNothingIsInFlight() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 2);
        engine.copyBatch();
        engine.consumer.seek(P0, 5); // as after a transaction marker and aborted records the consumer stepped over

        engine.acknowledge(1);
        engine.delivery.commit();
        assertThat(engine.committed(P0)).as("offset 1 still in flight").isEqualTo(1L);

        engine.acknowledge(1);
        engine.delivery.commit();
        assertThat(engine.committed(P0)).isEqualTo(5L);
    }

    @Test
    void aBatchLeftHalfwayIsCommittedOnlyUpToWhatWasDelivered() {
        EngineFixture engine = new EngineFixture(P0);
        engine.write(P0, 0, 3);
        int[] handedOver = {0};
        engine.loop.copyBatch(() -> handedOver[0]++ >= 2); // stops after two records

        engine.delivery.close(); // the flush acknowledges both

        assertThat(engine.producer.history()).hasSize(2);
        assertThat(engine.committed(P0)).as("not the consumer's position, 3").isEqualTo(2L);
    }

    @Test
    void aTopicReCreatedSinceItsAssignmentIsNeitherSavedNorCommittedAndTheSessionEnds() {
        EngineFixture engine = new EngineFixture(P0);
        java.util.Map<String, org.apache.kafka.common.Uuid> ids = new java.util.HashMap<>(
                java.util.Map.of(P0.topic(), org.apache.kafka.common.Uuid.randomUuid()));
        List<SyncPoint> saved = new java.util.ArrayList<>();
        AtLeastOnceDelivery delivery = knowingTopicIds(engine, ids, (points, progress) -> saved.addAll(points));
        CopyLoop loop = threeCopiedAndAcknowledged(engine, delivery);
        delivery.commit();
        assertThat(engine.committed(P0)).as("the same topic: committed").isEqualTo(3L);

        engine.write(P0, 3, 2); // read at the old topic's offsets 3-4 of the topic now under that name
        loop.copyBatch(() -> false);
        engine.acknowledge(2);
        ids.put(P0.topic(), org.apache.kafka.common.Uuid.randomUuid()); // deleted and re-created meanwhile
        int savedBefore = saved.size();

        assertThatThrownBy(delivery::commit).isInstanceOf(ReplicationFailedException.class)
                .hasMessageContaining("east orders was deleted and re-created while the flow copied it")
                .hasMessageContaining("nothing copied from it since is committed");
        delivery.abandon();
        assertThat(saved).as("no sync point of the copies since").hasSize(savedBefore);
        assertThat(engine.committed(P0)).as("nor their offsets").isEqualTo(3L);
    }

    @Test
    void aTopicDeletedButNotReCreatedIsCommittedAsBefore() {
        EngineFixture engine = new EngineFixture(P0);
        java.util.Map<String, org.apache.kafka.common.Uuid> ids = new java.util.HashMap<>(
                java.util.Map.of(P0.topic(), org.apache.kafka.common.Uuid.randomUuid()));
        AtLeastOnceDelivery delivery = knowingTopicIds(engine, ids, (points, progress) -> { });
        threeCopiedAndAcknowledged(engine, delivery);
        ids.clear(); // gone: what was copied of it is its own

        delivery.commit();
        assertThat(engine.committed(P0)).isEqualTo(3L);
    }

    @Test
    void eachCommitNamesItsTopicsIdAndAnOffsetCommittedForAnotherTopicOfTheSameNameIsNotResumedFrom() {
        org.apache.kafka.common.Uuid old = org.apache.kafka.common.Uuid.randomUuid();
        java.util.Map<String, org.apache.kafka.common.Uuid> ids = new java.util.HashMap<>(java.util.Map.of(P0.topic(), old));
        EngineFixture engine = new EngineFixture(P0);
        AtLeastOnceDelivery delivery = knowingTopicIds(engine, ids, (points, progress) -> { });
        CopyLoop loop = threeCopiedAndAcknowledged(engine, delivery);
        delivery.commit(); // a new flow's partition: its first check learns the topic's ID
        assertThat(engine.consumer.committed(java.util.Set.of(P0)).get(P0).metadata()).isEqualTo("replica-end=3");
        engine.write(P0, 3, 1);
        loop.copyBatch(() -> false);
        engine.acknowledge(1);
        delivery.commit();
        assertThat(engine.consumer.committed(java.util.Set.of(P0)).get(P0).metadata())
                .isEqualTo("source-topic-id=" + old + ";replica-end=4");

        // the topic deleted and re-created; the old offset 4 committed over it (a commit that came too late)
        ids.put(P0.topic(), org.apache.kafka.common.Uuid.randomUuid());
        EngineFixture next = new EngineFixture(P0);
        next.consumer.commitSync(java.util.Map.of(P0, engine.consumer.committed(java.util.Set.of(P0)).get(P0)));
        next.consumer.seek(P0, 4);
        AtLeastOnceDelivery resumed = knowingTopicIds(next, ids, (points, progress) -> { });
        next.consumer.updateBeginningOffsets(java.util.Map.of(P0, 0L));
        resumed.assigned(List.of(P0));

        assertThat(next.consumer.position(P0)).as("the new topic from its first record").isZero();
    }

    /** A delivery saving into {@code sink} in the calling thread, asking {@code ids} for the source topics' IDs now. */
    /** A copy loop over {@code delivery}, which was given orders-0 and whose copies of its records 0-2 were acknowledged. */
    private static CopyLoop threeCopiedAndAcknowledged(EngineFixture engine, AtLeastOnceDelivery delivery) {
        CopyLoop loop = new CopyLoop(engine.flow, EngineFixture.IDS, engine.consumer, (s, r, p) -> { }, delivery,
                engine.metrics);
        delivery.assigned(List.of(P0));
        engine.write(P0, 0, 3);
        loop.copyBatch(() -> false);
        engine.acknowledge(3);
        return loop;
    }

    private static AtLeastOnceDelivery knowingTopicIds(EngineFixture engine,
                                                       java.util.Map<String, org.apache.kafka.common.Uuid> ids,
                                                       dev.tandem.replicator.offsets.SyncPointSink sink) {
        return new AtLeastOnceDelivery(engine.flow, engine.consumer, engine.producer, sink, engine.metrics, engine.clock,
                dev.tandem.replicator.ReplicationSettings.defaults(), Runnable::run, topics -> java.util.Map.copyOf(ids));
    }
}
