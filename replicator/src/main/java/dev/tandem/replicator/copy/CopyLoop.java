package dev.tandem.replicator.copy;

import dev.tandem.playbook.Flow;
import dev.tandem.provenance.Provenance;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.safety.ClusterIds;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Polls the source and sends: each record to the same partition of its replica on the target,
 * with its key, value, timestamp and headers plus Tandem's provenance header; a record that came
 * from the target in the first place is skipped (it would loop). What counts as delivered, and
 * what is committed, is the {@link Delivery}'s business.
 */
public final class CopyLoop {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Flow flow;
    private final ClusterIds ids;
    private final Consumer<byte[], byte[]> consumer;
    private final ReplicaTopics replicas;
    private final Delivery delivery;
    private final ReplicationMetrics metrics;
    private final Header provenance;
    private final Map<String, String> replicaNames = new HashMap<>();
    private final Throttle throttle;
    private final SourceGaps gaps;

    public CopyLoop(Flow flow, ClusterIds ids, Consumer<byte[], byte[]> consumer, ReplicaTopics replicas,
                    Delivery delivery, ReplicationMetrics metrics) {
        this(flow, ids, consumer, replicas, delivery, metrics, Throttle.none(), SourceGapLog.NONE);
    }

    /**
     * @param throttle the flow's max-bytes-per-second, shared by every session of the flow in this process
     * @param gapLog   where records found deleted on the source before they were copied are recorded
     */
    public CopyLoop(Flow flow, ClusterIds ids, Consumer<byte[], byte[]> consumer, ReplicaTopics replicas,
                    Delivery delivery, ReplicationMetrics metrics, Throttle throttle, SourceGapLog gapLog) {
        this.throttle = throttle;
        this.flow = flow;
        this.ids = ids;
        this.consumer = consumer;
        this.replicas = replicas;
        this.delivery = delivery;
        this.metrics = metrics;
        this.provenance = Provenance.headerFor(ids.source());
        this.gaps = new SourceGaps(flow, consumer, metrics, gapLog);
    }

    /**
     * Polls once and sends every record polled. Stops handing records over when {@code stopping}
     * says so, and throws the delivery's failure as soon as one is reported: the rest of the batch
     * is then neither sent nor counted as delivered.
     */
    public void copyBatch(BooleanSupplier stopping) {
        org.apache.kafka.clients.consumer.ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL);
        } catch (org.apache.kafka.clients.consumer.NoOffsetForPartitionException e) {
            consumer.seekToBeginning(e.partitions()); // no progress yet: from the first record (see "Where a new flow starts")
            return;
        } catch (org.apache.kafka.clients.consumer.OffsetOutOfRangeException e) {
            gaps.outOfRange(e.offsetOutOfRangePartitions());
            return;
        }
        if (records.isEmpty()) {
            return;
        }
        delivery.batchPolled();
        // one partition after another, as the consumer returned them: what is looked up per partition is not per record
        for (TopicPartition source : records.partitions()) {
            String replica = replicaNames.computeIfAbsent(source.topic(), flow::targetTopic);
            boolean replicaEnsured = false;
            for (ConsumerRecord<byte[], byte[]> record : records.records(source)) {
                delivery.throwIfFailed();
                if (stopping.getAsBoolean()) {
                    return; // the batch stays open: only what was delivered is committed
                }
                if (Provenance.wouldLoop(record.headers(), ids.target())) {
                    delivery.skipped(source, record.offset());
                    metrics.skipped(ReplicationMetrics.ORIGIN_IS_TARGET);
                    continue;
                }
                if (!replicaEnsured) {
                    replicas.ensurePartition(source.topic(), replica, source.partition());
                    replicaEnsured = true;
                }
                copy(source, replica, record);
            }
        }
        delivery.batchHandedOver();
    }

    /**
     * Whether the flow has caught up: every partition it was given and copies (not paused) has no record left
     * to copy, as far as the consumer's last fetch of it knows (a partition not fetched yet has not caught up).
     */
    public boolean caughtUp() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        Set<TopicPartition> paused = consumer.paused();
        for (TopicPartition tp : assigned) {
            if (!paused.contains(tp)) {
                OptionalLong lag = consumer.currentLag(tp);
                if (lag.isEmpty() || lag.getAsLong() > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * How long the flow's max-bytes-per-second wants the next poll to wait (zero without a limit):
     * the session waits it out before calling {@link #copyBatch}.
     */
    public Duration owed() {
        return throttle.owed();
    }

    /** Sends the copy of a record of {@code source} to {@code replica}. */
    private void copy(TopicPartition source, String replica, ConsumerRecord<byte[], byte[]> record) {
        Headers headers = Provenance.markCopy(record.headers(), provenance);
        Long timestamp = record.timestamp() < 0 ? null : record.timestamp();
        int bytes = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        throttle.spent(bytes);
        delivery.send(source, record.offset(),
                new ProducerRecord<>(replica, record.partition(), timestamp, record.key(), record.value(), headers), bytes);
    }
}
