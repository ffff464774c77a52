package dev.tandem.verifier.canary;

import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.time.Polling;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One round of canaries: sends them to the canary topic on the source, spread over its
 * partitions, and reads the replica on the target until all arrived or the timeout passed.
 */
public final class CanaryRound {

    /** Partitions of a canary topic Tandem creates. */
    public static final int PARTITIONS = 3;
    /** After the last canary arrived, the replica is read this much longer to count late duplicates. */
    static final Duration DUPLICATE_WATCH = Duration.ofSeconds(1);

    /** A canary the source acknowledged, with its source offset. */
    public record Sent(Canary canary, long sourceOffset) {
    }

    /** The round's result, and what was sent (the checkpoint check commits at one of them). */
    public record Outcome(CanaryResult result, List<Sent> sent) {
        public Outcome {
            sent = List.copyOf(sent);
        }
    }

    private final KafkaClients clients;
    private final ClusterSpec source;
    private final ClusterSpec target;
    private final Clock clock;

    public CanaryRound(KafkaClients clients, ClusterSpec source, ClusterSpec target, Clock clock) {
        this.clients = clients;
        this.source = source;
        this.target = target;
        this.clock = clock;
    }

    /** Creates the canary topic on the source when missing; returns its partition count. */
    public int ensureTopic(String topic) throws InterruptedException {
        try (Admin admin = clients.admin(source)) {
            KafkaCalls.createIfMissing(admin, source.alias(), new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty()));
            // A topic just created may be unknown for a moment to the broker that answers next.
            int partitions = Polling.until(clock, Duration.ofSeconds(10), Duration.ofMillis(100),
                    () -> TopicOffsets.endOffsets(admin, source.alias(), topic).size(), n -> n > 0);
            if (partitions == 0) {
                throw new IllegalStateException("canary topic " + topic + " on " + source.alias()
                        + " has no partitions 10 s after it was created");
            }
            return partitions;
        }
    }

    /**
     * @param spread the canaries are sent evenly over this time (zero: all at once)
     * @param timeout how long to wait, after the last one was sent, for every canary to arrive
     */
    public Outcome run(String runId, String topic, String replica, int count, Duration spread, Duration timeout)
            throws InterruptedException {
        int partitions = ensureTopic(topic);
        try (Consumer<byte[], byte[]> consumer = clients.consumer(target, Map.of());
             Admin targetAdmin = clients.admin(target)) {
            Supplier<Map<TopicPartition, Long>> replicaEnds =
                    () -> TopicOffsets.endOffsets(targetAdmin, target.alias(), replica);
            // A new canary topic is replicated once the replicator's next topic refresh sees it: wait
            // for the replica, so that latencies measure replication, not topic discovery.
            Map<TopicPartition, Long> ends = awaitReplica(replicaEnds, timeout);
            // Only what arrives from now on counts: start at the replica's current end.
            assign(consumer, ends, false);
            List<Sent> sent = send(runId, topic, partitions, count, spread);
            ArrivalTracker tracker = new ArrivalTracker(runId, sent.size());
            receive(consumer, replicaEnds, tracker, timeout);
            return new Outcome(tracker.result(), sent);
        }
    }

    private Map<TopicPartition, Long> awaitReplica(Supplier<Map<TopicPartition, Long>> replicaEnds, Duration timeout)
            throws InterruptedException {
        return Polling.until(clock, timeout, Duration.ofMillis(500), replicaEnds, ends -> !ends.isEmpty());
    }

    /** Reads the replica until every canary arrived (and {@link #DUPLICATE_WATCH} more) or the timeout passed. */
    private void receive(Consumer<byte[], byte[]> consumer, Supplier<Map<TopicPartition, Long>> replicaEnds,
                         ArrivalTracker tracker, Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        CountDownLatch never = new CountDownLatch(1);
        Instant until = deadline;
        boolean watching = false;
        while (clock.instant().isBefore(until)) {
            if (!watching && tracker.complete()) {
                watching = true;
                until = clock.instant().plus(DUPLICATE_WATCH);
            }
            if (consumer.assignment().isEmpty()) {
                // The replica did not exist yet: read it from its start once it does.
                assign(consumer, replicaEnds.get(), true);
                if (consumer.assignment().isEmpty()) {
                    never.await(500, TimeUnit.MILLISECONDS);
                    continue;
                }
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Instant at = clock.instant();
                Canary.decode(record.value()).ifPresent(c -> tracker.arrived(c, at));
            }
        }
    }

    private static void assign(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends, boolean fromStart) {
        if (ends.isEmpty()) {
            return;
        }
        consumer.assign(ends.keySet());
        if (fromStart) {
            consumer.seekToBeginning(ends.keySet());
        } else {
            ends.forEach(consumer::seek);
        }
    }

    private List<Sent> send(String runId, String topic, int partitions, int count, Duration spread)
            throws InterruptedException {
        long gapNanos = spread.toNanos() / count;
        CountDownLatch never = new CountDownLatch(1);
        Instant start = clock.instant();
        List<Canary> canaries = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        Map<Integer, Long> sequences = new HashMap<>();
        try (Producer<byte[], byte[]> producer = clients.producer(source, Map.of())) {
            for (int i = 0; i < count; i++) {
                Duration untilNext = Duration.between(clock.instant(), start.plusNanos(gapNanos * i));
                if (!untilNext.isNegative() && !untilNext.isZero()) {
                    never.await(untilNext.toNanos(), TimeUnit.NANOSECONDS);
                }
                int partition = i % partitions;
                Canary canary = new Canary(runId, partition, sequences.merge(partition, 1L, Long::sum) - 1, clock.instant());
                canaries.add(canary);
                acks.add(producer.send(new ProducerRecord<>(topic, partition, canary.sentAt().toEpochMilli(),
                        canary.key(), canary.value())));
            }
            producer.flush();
            List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < canaries.size(); i++) {
                RecordMetadata metadata = KafkaCalls.await(acks.get(i), source.alias(), "send canaries to " + topic);
                sent.add(new Sent(canaries.get(i), metadata.offset()));
            }
            return sent;
        }
    }
}
