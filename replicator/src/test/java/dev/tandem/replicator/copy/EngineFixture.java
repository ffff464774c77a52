package dev.tandem.replicator.copy;

import dev.tandem.offsets.SyncPoint;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.NameFilter;
import dev.tandem.playbook.Naming;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.safety.ClusterIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The copy engine on Kafka's mock clients: a source consumer, a target producer that acknowledges
 * only when told to, a sync point sink and a consumer whose commits are recorded in one event log,
 * so a test sees in which order things were saved.
 */
final class EngineFixture {

    static final String TOPIC = "orders";
    static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    static final ClusterIds IDS = new ClusterIds("east-id", "west-id");

    final Flow flow = new Flow("east-to-west", "east", "west", NameFilter.all(), Naming.PREFIX, NameFilter.all(),
            OptionalInt.empty(), Duration.ofSeconds(30), Duration.ofSeconds(5), false, dev.tandem.playbook.DeliveryGuarantee.AT_LEAST_ONCE,
            java.util.Optional.empty());
    final List<String> events = new ArrayList<>();
    final List<SyncPoint> saved = new ArrayList<>();
    final RecordingConsumer consumer = new RecordingConsumer(events);
    final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    final ArmedClock clock = new ArmedClock();
    final ReplicationMetrics metrics = new ReplicationMetrics(new SimpleMeterRegistry(), flow.name(), clock);
    final AtLeastOnceDelivery delivery = new AtLeastOnceDelivery(flow, consumer, producer, (points, progress) -> {
        events.add("save " + points.size() + " sync points");
        saved.addAll(points);
    }, metrics, clock, ReplicationSettings.defaults());
    final CopyLoop loop = new CopyLoop(flow, IDS, consumer, (source, replica, partition) -> { }, delivery, metrics);

    EngineFixture(TopicPartition... partitions) {
        consumer.assign(List.of(partitions));
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        for (TopicPartition tp : partitions) {
            beginnings.put(tp, 0L);
        }
        consumer.updateBeginningOffsets(beginnings);
    }

    /** Puts {@code count} records on the source partition, from {@code firstOffset}. */
    void write(TopicPartition tp, long firstOffset, int count) {
        for (long offset = firstOffset; offset < firstOffset + count; offset++) {
            consumer.addRecord(record(tp, offset, new RecordHeaders()));
        }
    }

    static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, RecordHeaders headers) {
        byte[] value = ("value-" + offset).getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, 1_700_000_000_000L + offset,
                TimestampType.CREATE_TIME, 0, value.length, null, value, headers, java.util.Optional.empty());
    }

    /** One poll, every record handed to the producer. */
    void copyBatch() {
        loop.copyBatch(() -> false);
    }

    /** The target acknowledges the next {@code count} copies, in the order they were sent. */
    void acknowledge(int count) {
        for (int i = 0; i < count; i++) {
            completeAsTheRealProducerDoes(producer::completeNext);
        }
    }

    /**
     * The real producer catches what a callback throws and only logs it; the mock lets it through.
     * Swallowing it here keeps the test honest: only the delivery's own handling can surface it.
     */
    static void completeAsTheRealProducerDoes(Runnable completion) {
        try {
            completion.run();
        } catch (RuntimeException ignored) {
            // logged and forgotten by the real producer's I/O thread
        }
    }

    /** The offset committed for a partition on the source, or null before any commit. */
    Long committed(TopicPartition tp) {
        OffsetAndMetadata committed = consumer.committed(java.util.Set.of(tp)).get(tp);
        return committed == null ? null : committed.offset();
    }

    /** A consumer whose commits appear in the event log. */
    static class RecordingConsumer extends MockConsumer<byte[], byte[]> {
        private final List<String> events;

        RecordingConsumer(List<String> events) {
            super("earliest");
            this.events = events;
        }

        /** Thrown by the next commit instead of committing, once, as the group coordinator refuses one. */
        volatile RuntimeException nextCommitRefused;

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            RuntimeException refused = refusal();
            if (refused != null) {
                throw refused;
            }
            record(offsets);
            super.commitAsync(offsets, null); // MockConsumer's own: commitSync would come back through commitAsync
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             org.apache.kafka.clients.consumer.OffsetCommitCallback callback) {
            RuntimeException refused = refusal();
            if (refused != null) {
                callback.onComplete(offsets, refused);
                return;
            }
            record(offsets);
            super.commitAsync(offsets, callback);
        }

        private RuntimeException refusal() {
            RuntimeException refused = nextCommitRefused;
            if (refused != null) {
                nextCommitRefused = null;
                events.add("commit refused: " + refused.getClass().getSimpleName());
            }
            return refused;
        }

        private void record(Map<TopicPartition, OffsetAndMetadata> offsets) {
            offsets.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::toString)))
                    .forEach(e -> events.add("commit " + e.getKey() + " at " + e.getValue().offset()));
        }
    }

    /** A clock at a fixed instant that throws once armed, as a broken bookkeeping step would. */
    static final class ArmedClock extends Clock {
        private volatile boolean armed;

        void arm() {
            armed = true;
        }

        @Override
        public Instant instant() {
            if (armed) {
                throw new IllegalStateException("clock broke");
            }
            return Instant.parse("2026-12-02T00:00:00Z");
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
