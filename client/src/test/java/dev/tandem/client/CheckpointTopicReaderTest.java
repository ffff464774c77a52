package dev.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CheckpointTopicReader} on a {@link MockConsumer}: the newest record of a key wins, reading
 * stops at the end offsets, and nothing but a missed deadline makes it fail. The clock moves one
 * second each time it is read, so a reader that never reaches its end fails instead of hanging;
 * the timeout guard runs the test in its own thread because a reader looping on a MockConsumer
 * (whose poll never blocks) would not notice an interrupt.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CheckpointTopicReaderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String TOPIC = CheckpointRecordFormat.TOPIC;

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final SteppingClock clock = new SteppingClock(T0, Duration.ofSeconds(1));
    private final CheckpointTopicReader reader = new CheckpointTopicReader(consumer, clock, TIMEOUT);
    /** The records of the checkpoint topic, by partition, in offset order. */
    private final Map<Integer, List<ConsumerRecord<byte[], byte[]>>> topic = new HashMap<>();

    @Test
    void keepsTheNewestRecordOfEachKey() {
        write(0, checkpoint("f", "g", "orders", 0, 5));
        write(1, checkpoint("f", "g", "orders", 1, 3));
        write(0, checkpoint("f", "g", "orders", 0, 8));

        assertThat(readLatest("f", Optional.of("g")))
                .containsExactly(checkpoint("f", "g", "orders", 0, 8), checkpoint("f", "g", "orders", 1, 3));
    }

    @Test
    void aTombstoneRemovesItsKey() {
        Checkpoint removed = checkpoint("f", "g", "orders", 0, 5);
        write(0, removed);
        write(0, checkpoint("f", "g", "orders", 1, 3));
        append(0, CheckpointRecordFormat.key(removed), null);

        assertThat(readLatest("f", Optional.of("g"))).containsExactly(checkpoint("f", "g", "orders", 1, 3));
    }

    @Test
    void leavesOutRecordsOfOtherFlowsAndOtherGroups() {
        write(0, checkpoint("f", "g", "orders", 0, 5));
        write(0, checkpoint("f", "h", "orders", 0, 6));
        write(1, checkpoint("other", "g", "orders", 0, 7));

        assertThat(readLatest("f", Optional.of("g"))).containsExactly(checkpoint("f", "g", "orders", 0, 5));
    }

    @Test
    void withoutAGroupReadsEveryGroupOfTheFlowInOrder() {
        write(0, checkpoint("f", "h", "orders", 0, 6));
        write(1, checkpoint("other", "g", "orders", 0, 7));
        write(1, checkpoint("f", "g", "orders", 0, 5));

        assertThat(readLatest("f", Optional.empty()))
                .containsExactly(checkpoint("f", "g", "orders", 0, 5), checkpoint("f", "h", "orders", 0, 6));
    }

    @Test
    void skipsUndecodableRecordsAndReadsOn() {
        Checkpoint valid = checkpoint("f", "g", "orders", 0, 5);
        byte[] key = CheckpointRecordFormat.key(valid);
        append(0, bytes("not json"), CheckpointRecordFormat.value(valid));
        append(0, null, CheckpointRecordFormat.value(valid));
        append(0, bytes("{\"v\":2,\"flow\":\"f\",\"group\":\"g\",\"topic\":\"orders\",\"partition\":0}"),
                CheckpointRecordFormat.value(valid));
        write(0, valid);
        append(0, key, bytes("{\"v\":2}"));
        append(0, key, bytes("[1,2]"));
        append(0, key, bytes(new String(CheckpointRecordFormat.value(valid), StandardCharsets.UTF_8)
                .replace("\"targetOffset\":5,", "")));
        append(0, key, bytes(new String(CheckpointRecordFormat.value(valid), StandardCharsets.UTF_8)
                .replace("2026-01-01T00:00:00Z", "yesterday")));

        assertThat(readLatest("f", Optional.of("g"))).containsExactly(valid);
    }

    @Test
    void stopsAtTheGivenEndOffsets() {
        write(0, checkpoint("f", "g", "orders", 0, 5));
        write(0, checkpoint("f", "g", "orders", 0, 6));
        // Written after reading began: beyond the end offset the reader was given.
        write(0, checkpoint("f", "g", "orders", 0, 7));
        consumer.setMaxPollRecords(1);
        prepareConsumer();

        assertThat(reader.latest("f", Optional.of("g"), Map.of(new TopicPartition(TOPIC, 0), 2L)))
                .containsExactly(checkpoint("f", "g", "orders", 0, 6));
    }

    @Test
    void anEmptyTopicIsReadAtOnce() {
        topic.put(0, new ArrayList<>());

        assertThat(readLatest("f", Optional.of("g"))).isEmpty();
    }

    @Test
    void failsWithATimeoutWhenTheEndIsNotReachedInTime() {
        write(0, checkpoint("f", "g", "orders", 0, 5));
        prepareConsumer();

        // The end offset says 3 records, only 1 ever arrives.
        assertThatThrownBy(() -> reader.latest("f", Optional.of("g"), Map.of(new TopicPartition(TOPIC, 0), 3L)))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("within 20 s");
        assertThat(clock.instant()).isAfter(T0.plus(TIMEOUT));
    }

    @Test
    void aMissingTopicGivesNoCheckpoints() {
        assertThat(reader.latest("f", Optional.of("g"))).isEmpty();
        assertThat(consumer.assignment()).isEmpty();
    }

    @Test
    void resumesExactAndAheadOfReplicationCheckpointsOnTheirTargetPartitionsAndLeavesOutNoSyncPoint() {
        List<Checkpoint> checkpoints = List.of(
                new Checkpoint("f", "g", "orders", 0, 40, "east.orders", new Translation.Exact(37), T0, T0),
                new Checkpoint("f", "g", "orders", 1, 50, "east.orders", new Translation.AheadOfReplication(44, 6), T0, T0),
                new Checkpoint("f", "g", "orders", 2, 60, "east.orders", new Translation.NoSyncPoint(), T0, T0),
                new Checkpoint("f", "g", "payments", 0, 9, "east.payments", new Translation.Exact(9), T0, T0));

        assertThat(CheckpointTopicReader.resumePositions(checkpoints)).containsExactly(
                Map.entry(new TopicPartition("east.orders", 0), new OffsetAndMetadata(37)),
                Map.entry(new TopicPartition("east.orders", 1), new OffsetAndMetadata(44)),
                Map.entry(new TopicPartition("east.payments", 0), new OffsetAndMetadata(9)));
    }

    private static Checkpoint checkpoint(String flow, String group, String sourceTopic, int partition, long offset) {
        return new Checkpoint(flow, group, sourceTopic, partition, offset, "east." + sourceTopic,
                new Translation.Exact(offset), T0, T0.plusSeconds(offset));
    }

    private void write(int partition, Checkpoint checkpoint) {
        append(partition, CheckpointRecordFormat.key(checkpoint), CheckpointRecordFormat.value(checkpoint));
    }

    private void append(int partition, byte[] key, byte[] value) {
        List<ConsumerRecord<byte[], byte[]>> records = topic.computeIfAbsent(partition, p -> new ArrayList<>());
        records.add(new ConsumerRecord<>(TOPIC, partition, records.size(), key, value));
    }

    /** Reads the whole topic as written, to the end offsets it has now. */
    private List<Checkpoint> readLatest(String flow, Optional<String> group) {
        prepareConsumer();
        Map<TopicPartition, Long> ends = new HashMap<>();
        topic.forEach((partition, records) -> ends.put(new TopicPartition(TOPIC, partition), (long) records.size()));
        consumer.updateEndOffsets(ends);
        return reader.latest(flow, group);
    }

    /** The topic's partitions and start offsets; its records arrive with the first poll, once the reader assigned them. */
    private void prepareConsumer() {
        List<PartitionInfo> partitions = new ArrayList<>();
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        for (int partition : topic.keySet()) {
            partitions.add(new PartitionInfo(TOPIC, partition, null, null, null));
            beginnings.put(new TopicPartition(TOPIC, partition), 0L);
        }
        consumer.updatePartitions(TOPIC, partitions);
        consumer.updateBeginningOffsets(beginnings);
        consumer.schedulePollTask(() -> topic.values().forEach(records -> records.forEach(consumer::addRecord)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A clock that moves forward by {@code step} each time it is read. */
    private static final class SteppingClock extends Clock {

        private final Duration step;
        private Instant now;

        SteppingClock(Instant start, Duration step) {
            this.now = start;
            this.step = step;
        }

        @Override
        public Instant instant() {
            Instant read = now;
            now = now.plus(step);
            return read;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock in UTC");
        }
    }
}
