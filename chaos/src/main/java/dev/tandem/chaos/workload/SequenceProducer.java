package dev.tandem.chaos.workload;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes sequence-numbered records to the workload's topics on the source at a steady rate, each
 * partition its own sequence, and remembers every write the cluster acknowledged (for a transactional
 * topic: every record of a committed transaction) with the offset the cluster gave it, as Jepsen's
 * Kafka checker does: an acknowledged write must be found (or have been deleted by the run on purpose,
 * which the offset tells). Idempotent, so that its own retries never duplicate a record on the source.
 */
public final class SequenceProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceProducer.class);
    /** How often a batch is sent: the rate is spread over ticks. */
    private static final Duration TICK = Duration.ofMillis(50);

    private final List<WorkloadTopic> topics;
    private final Map<String, Object> config;
    private final Map<TopicPartition, Map<Long, Long>> acknowledged = new ConcurrentHashMap<>();
    private final Map<TopicPartition, AtomicLong> next = new HashMap<>();
    private final Thread thread;
    private final String transactionalId = "chaos-" + java.util.UUID.randomUUID();
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    /** A paused topic to write again with a new producer, taken by the producer's thread. */
    private volatile String resuming;
    /** Set by {@link #pause}: counted down by the producer's thread once it flushed what was in flight. */
    private volatile java.util.concurrent.CountDownLatch pauseSeen;
    private volatile String failure;
    private volatile boolean stopping;

    public SequenceProducer(String bootstrap, Map<String, Object> clientProperties, List<WorkloadTopic> topics) {
        this.topics = List.copyOf(topics);
        this.config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // give up on a write after 30 s: an outage longer than that is one the writers see
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        for (WorkloadTopic topic : topics) {
            for (int p = 0; p < topic.partitions(); p++) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                next.put(tp, new AtomicLong());
                acknowledged.put(tp, new ConcurrentHashMap<>());
            }
        }
        this.thread = new Thread(this::run, "chaos-producer");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        Producer<byte[], byte[]> plain = null;
        Producer<byte[], byte[]> transactional = null;
        long ticks = 0;
        while (!stopping) {
            long tickStart = System.nanoTime();
            try {
                String resume = resuming;
                if (resume != null) {
                    // a topic re-created: a new producer (its idempotence state is per partition of the old topic)
                    if (plain != null) {
                        plain.close(Duration.ofSeconds(30));
                        plain = null;
                    }
                    paused.remove(resume);
                    resuming = null;
                }
                if (plain == null) {
                    plain = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
                }
                java.util.concurrent.CountDownLatch seen = pauseSeen;
                if (seen != null) {
                    plain.flush(); // the paused topic's writes so far acknowledged (or failed): none after this
                    pauseSeen = null;
                    seen.countDown();
                }
                for (WorkloadTopic topic : topics) {
                    int count = perTick(topic, ticks);
                    if (count == 0 || paused.contains(topic.name())) {
                        continue;
                    }
                    if (topic.kind() == WorkloadTopic.Kind.TRANSACTIONAL) {
                        if (transactional == null) {
                            transactional = transactional();
                        }
                        sendTransaction(transactional, topic, count);
                    } else {
                        send(plain, topic, count);
                    }
                }
            } catch (KafkaException e) {
                // the source is down or frozen: the writers wait and go on, as applications do
                LOG.debug("workload write failed: {}", e.toString());
                if (transactional != null) {
                    transactional.close(Duration.ZERO);
                    transactional = null;
                }
            }
            ticks++;
            long waitNanos = TICK.toNanos() - (System.nanoTime() - tickStart);
            if (waitNanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(waitNanos);
            }
        }
        if (plain != null) {
            plain.flush();
            plain.close(Duration.ofSeconds(30));
        }
        if (transactional != null) {
            transactional.close(Duration.ofSeconds(30));
        }
    }

    /** Records of {@code topic} in tick {@code tick}: the rate spread evenly (a 10/s topic writes in some ticks only). */
    static int perTick(WorkloadTopic topic, long tick) {
        long perSecondTicks = 1000 / TICK.toMillis();
        long before = tick * topic.recordsPerSecond() / perSecondTicks;
        long after = (tick + 1) * topic.recordsPerSecond() / perSecondTicks;
        return (int) (after - before);
    }

    private Producer<byte[], byte[]> transactional() {
        Map<String, Object> tx = new HashMap<>(config);
        // the same ID each time: a new producer fences the last one and aborts its open transaction at once
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        tx.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        Producer<byte[], byte[]> producer = new KafkaProducer<>(tx, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    private void send(Producer<byte[], byte[]> producer, WorkloadTopic topic, int count) {
        for (int i = 0; i < count; i++) {
            TopicPartition tp = new TopicPartition(topic.name(), i % topic.partitions());
            long seq = next.get(tp).getAndIncrement();
            producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), Sequenced.key(tp.partition(), seq),
                    Sequenced.value(seq)), (metadata, e) -> {
                        if (e == null) {
                            acknowledged.get(tp).put(seq, metadata.offset());
                        }
                    });
        }
    }

    private void sendTransaction(Producer<byte[], byte[]> producer, WorkloadTopic topic, int count) {
        producer.beginTransaction();
        Map<TopicPartition, Map<Long, Future<RecordMetadata>>> sent = new HashMap<>();
        for (int i = 0; i < count; i++) {
            TopicPartition tp = new TopicPartition(topic.name(), i % topic.partitions());
            long seq = next.get(tp).getAndIncrement();
            sent.computeIfAbsent(tp, k -> new HashMap<>()).put(seq, producer.send(new ProducerRecord<>(tp.topic(),
                    tp.partition(), Sequenced.key(tp.partition(), seq), Sequenced.value(seq))));
        }
        producer.commitTransaction();
        // committed: every send completed before the commit did
        sent.forEach((tp, seqs) -> seqs.forEach((seq, metadata) -> {
            try {
                acknowledged.get(tp).put(seq, metadata.get().offset());
            } catch (InterruptedException | ExecutionException e) {
                failure = "the workload: a send of a committed transaction to " + tp + " did not complete: " + e;
            }
        }));
    }

    /** No more writes to {@code topic} until {@link #resume}: returns once its writes so far were acknowledged or failed. */
    public void pause(String topic) throws InterruptedException {
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        paused.add(topic);
        pauseSeen = seen;
        if (!seen.await(180, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the workload did not pause " + topic + " within 180 s");
        }
    }

    /** What went wrong in the workload itself, if anything (the run fails on it). */
    public java.util.Optional<String> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** Writes to {@code topic} again, with a new producer (the topic was re-created); sequence numbers go on. */
    public void resume(String topic) {
        resuming = topic;
    }

    /** The sequence number the next write to {@code partition} gets. */
    public long nextSeq(TopicPartition partition) {
        return next.get(partition).get();
    }

    /** Stops writing, waits for what is in flight, and returns each partition's acknowledged sequence numbers, with their offsets. */
    public Map<TopicPartition, Map<Long, Long>> stop() throws InterruptedException {
        stopping = true;
        thread.join(Duration.ofSeconds(90).toMillis());
        return Map.copyOf(acknowledged);
    }

    @Override
    public void close() throws InterruptedException {
        if (!stopping) {
            stop();
        }
    }
}
