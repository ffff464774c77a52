package dev.tandem.replicator.copy;

import static dev.tandem.replicator.copy.EngineFixture.P0;
import static dev.tandem.replicator.copy.EngineFixture.P1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.replicator.offsets.StoreSyncPointSink;
import dev.tandem.store.NotTheOwnerException;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.TandemStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two members of a flow's group saving into one real store (H2): the partition moves from one to the
 * other while the first is frozen (past its session timeout), and the first one's late save, once woken,
 * must neither replace the new owner's sync points and progress nor commit.
 */
class PartitionOwnershipTest {

    @TempDir
    Path dir;
    private TandemStore store;
    private SyncPointRepository repository;
    private final EngineFixture fixture = new EngineFixture(); // its flow, clock and record shapes

    @BeforeEach
    void open() {
        store = TandemStore.open(new StoreSpec("jdbc:h2:file:" + dir.resolve("s"), Optional.empty(), Optional.empty()));
        repository = new SyncPointRepository(store.jdbi());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aMemberWokenAfterItsPartitionMovedOnSavesNothingOverTheNewOwnerAndCommitsNothing() {
        Member frozen = new Member("replicator-a", 0);
        frozen.copy(0, 3);
        frozen.delivery.commit(); // its first save claims orders-0

        frozen.copy(3, 4); // copied and acknowledged, not yet committed: the process is stopped here

        Member next = new Member("replicator-b", 3); // the group gave orders-0 to b, from a's commit
        next.copy(3, 6);
        next.delivery.commit();
        List<SyncPoint> nextPoints = repository.load(fixture.flow.name(), "orders", 0);
        ReplicationPosition nextPosition = repository.position(fixture.flow.name(), "orders", 0).orElseThrow();
        assertThat(nextPosition.nextSourceOffset()).isEqualTo(9L);

        assertThatThrownBy(frozen.delivery::commit).isInstanceOf(NotTheOwnerException.class)
                .hasMessageContaining("orders-0");

        assertThat(repository.load(fixture.flow.name(), "orders", 0)).as("b's sync points").isEqualTo(nextPoints);
        assertThat(repository.position(fixture.flow.name(), "orders", 0)).as("b's progress").contains(nextPosition);
        assertThat(frozen.consumer.committed(java.util.Set.of(P0)).get(P0).offset()).as("a's first commit only")
                .isEqualTo(3L);
    }

    @Test
    void aMemberFrozenBeforeItsFirstSaveOfAnAssignmentCannotClaimItOnWaking() {
        Member frozen = new Member("replicator-a", 2); // assigned orders-0 at the group's offset 2
        frozen.copy(2, 3); // copied and acknowledged, never saved: the process is stopped here

        Member next = new Member("replicator-b", 2); // the group gave orders-0 to b
        next.copy(2, 5);
        next.delivery.commit();
        List<SyncPoint> nextPoints = repository.load(fixture.flow.name(), "orders", 0);
        ReplicationPosition nextPosition = repository.position(fixture.flow.name(), "orders", 0).orElseThrow();

        frozen.consumer.replaced = true; // as the group coordinator refuses a member it has replaced
        assertThatThrownBy(frozen.delivery::commit).isInstanceOf(CommitFailedException.class);

        assertThat(repository.load(fixture.flow.name(), "orders", 0)).as("b's sync points").isEqualTo(nextPoints);
        assertThat(repository.position(fixture.flow.name(), "orders", 0)).as("b's progress").contains(nextPosition);
    }

    @Test
    void aPartitionThatComesBackIsClaimedAgainByItsFirstSave() {
        Member a = new Member("replicator-a", 0);
        a.copy(0, 3);
        a.delivery.commit();
        Member b = new Member("replicator-b", 3);
        b.copy(3, 2);
        b.delivery.commit();

        a.delivery.lost(List.of(P0));
        a.consumer.seek(P0, 5);
        a.delivery.assigned(List.of(P0)); // the group gave it back to a
        a.copy(5, 2);
        a.delivery.commit();

        assertThat(repository.position(fixture.flow.name(), "orders", 0).orElseThrow().nextSourceOffset()).isEqualTo(7L);
        assertThat(a.consumer.committed(java.util.Set.of(P0)).get(P0).offset()).isEqualTo(7L);
    }

    @Test
    void anExactlyOnceSaveOfAPartitionThatMovedOnIsMadeWithoutIt() {
        NamedConsumer aConsumer = new NamedConsumer("replicator-a");
        ExactlyOnceDelivery a = exactlyOnce(aConsumer, P0, P1);
        CopyLoop aLoop = new CopyLoop(fixture.flow, EngineFixture.IDS, aConsumer, (s, r, p) -> { }, a, fixture.metrics);
        copy(aConsumer, aLoop, P0, 0, 2);
        copy(aConsumer, aLoop, P1, 0, 2);
        a.commit(); // a owns both in the store

        NamedConsumer bConsumer = new NamedConsumer("replicator-b");
        ExactlyOnceDelivery b = exactlyOnce(bConsumer, P1); // the group gave orders-1 to b while a was frozen
        bConsumer.seek(P1, 4);
        CopyLoop bLoop = new CopyLoop(fixture.flow, EngineFixture.IDS, bConsumer, (s, r, p) -> { }, b, fixture.metrics);
        copy(bConsumer, bLoop, P1, 4, 3);
        b.commit();
        List<SyncPoint> bPoints = repository.load(fixture.flow.name(), "orders", 1);
        ReplicationPosition bPosition = repository.position(fixture.flow.name(), "orders", 1).orElseThrow();

        copy(aConsumer, aLoop, P0, 2, 2); // a's transactions committed before it was frozen, saved after it woke
        copy(aConsumer, aLoop, P1, 2, 2);
        a.commit();

        assertThat(repository.load(fixture.flow.name(), "orders", 1)).as("b's sync points").isEqualTo(bPoints);
        assertThat(repository.position(fixture.flow.name(), "orders", 1)).as("b's progress").contains(bPosition);
        assertThat(repository.position(fixture.flow.name(), "orders", 0).orElseThrow().nextSourceOffset())
                .as("a's own partition saved").isEqualTo(4L);
    }

    private ExactlyOnceDelivery exactlyOnce(NamedConsumer consumer, TopicPartition... partitions) {
        consumer.assign(List.of(partitions));
        Map<TopicPartition, Long> beginnings = new java.util.HashMap<>();
        for (TopicPartition tp : partitions) {
            beginnings.put(tp, 0L);
        }
        consumer.updateBeginningOffsets(beginnings);
        ExactlyOnceDelivery delivery = new ExactlyOnceDelivery(fixture.flow, consumer, replicas -> Map.of(),
                SourceTopicIds.NONE, id -> new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()), new StoreSyncPointSink(fixture.flow, repository, fixture.clock),
                fixture.metrics, fixture.clock, ReplicationSettings.defaults());
        delivery.assigned(List.of(partitions));
        return delivery;
    }

    private static void copy(NamedConsumer consumer, CopyLoop loop, TopicPartition tp, long first, int count) {
        for (long offset = first; offset < first + count; offset++) {
            consumer.addRecord(EngineFixture.record(tp, offset, new org.apache.kafka.common.header.internals.RecordHeaders()));
        }
        loop.copyBatch(() -> false);
    }

    /** One replicator process: its own consumer (a member of the group), producer and delivery, the store shared. */
    private final class Member {
        final NamedConsumer consumer;
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        final AtLeastOnceDelivery delivery;
        final CopyLoop loop;

        Member(String memberId, long from) {
            consumer = new NamedConsumer(memberId);
            consumer.assign(List.of(P0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            if (from > 0) {
                consumer.commitSync(Map.of(P0, new OffsetAndMetadata(from)));
            }
            consumer.seek(P0, from);
            ReplicationMetrics metrics = new ReplicationMetrics(new SimpleMeterRegistry(), fixture.flow.name(),
                    fixture.clock);
            delivery = new AtLeastOnceDelivery(fixture.flow, consumer, producer,
                    new StoreSyncPointSink(fixture.flow, repository, fixture.clock), metrics, fixture.clock,
                    ReplicationSettings.defaults());
            loop = new CopyLoop(fixture.flow, EngineFixture.IDS, consumer, (s, r, p) -> { }, delivery, metrics);
            delivery.assigned(List.of(P0));
        }

        /** Copies {@code count} source records from {@code first}, each acknowledged by the target. */
        void copy(long first, int count) {
            List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (long offset = first; offset < first + count; offset++) {
                records.add(EngineFixture.record(P0, offset, new org.apache.kafka.common.header.internals.RecordHeaders()));
            }
            records.forEach(consumer::addRecord);
            loop.copyBatch(() -> false);
            for (int i = 0; i < count; i++) {
                EngineFixture.completeAsTheRealProducerDoes(producer::completeNext);
            }
        }
    }

    /** A mock consumer that is a named member of the group, as each real replicator's consumer is. */
    private static final class NamedConsumer extends EngineFixture.RecordingConsumer {
        private final String memberId;
        volatile boolean replaced;

        NamedConsumer(String memberId) {
            super(new ArrayList<>());
            this.memberId = memberId;
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (replaced) {
                throw new CommitFailedException();
            }
            super.commitSync(offsets);
        }

        @Override
        public synchronized ConsumerGroupMetadata groupMetadata() {
            return new ConsumerGroupMetadata("tandem-east-to-west", 1, memberId, Optional.empty());
        }
    }
}
