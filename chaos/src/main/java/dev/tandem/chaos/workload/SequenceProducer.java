package dev.tandem.chaos.workload;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes sequence-numbered records to the workload's topics on the source at a steady rate, each
 * partition its own sequence, and remembers every write the cluster acknowledged (for a transactional
 * topic: every record of a committed transaction), as Jepsen's Kafka checker does: an acknowledged
 * write must be found. Idempotent, so that its own retries never duplicate a record on the source.
 */
public final class SequenceProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceProducer.class);
    /** How often a batch is sent: the rate is spread over ticks. */
    private static final Duration TICK = Duration.ofMillis(50);

    private final List<WorkloadTopic> topics;
    private final Map<String, Object> config;
    private final Map<TopicPartition, Set<Long>> acknowledged = new ConcurrentHashMap<>();
    private final Map<TopicPartition, AtomicLong> next = new HashMap<>();
    private final Thread thread;
    private final String transactionalId = "chaos-" + java.util.UUID.randomUUID();
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
                acknowledged.put(tp, ConcurrentHashMap.newKeySet());
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
                if (plain == null) {
                    plain = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
                }
                for (WorkloadTopic topic : topics) {
                    int count = perTick(topic, ticks);
                    if (count == 0) {
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
                            acknowledged.get(tp).add(seq);
                        }
                    });
        }
    }

    private void sendTransaction(Producer<byte[], byte[]> producer, WorkloadTopic topic, int count) {
        producer.beginTransaction();
        Map<TopicPartition, List<Long>> sent = new HashMap<>();
        for (int i = 0; i < count; i++) {
            TopicPartition tp = new TopicPartition(topic.name(), i % topic.partitions());
            long seq = next.get(tp).getAndIncrement();
            producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), Sequenced.key(tp.partition(), seq),
                    Sequenced.value(seq)));
            sent.computeIfAbsent(tp, k -> new java.util.ArrayList<>()).add(seq);
        }
        producer.commitTransaction();
        sent.forEach((tp, seqs) -> acknowledged.get(tp).addAll(seqs));
    }

    /** Stops writing, waits for what is in flight, and returns each partition's acknowledged sequence numbers. */
    public Map<TopicPartition, Set<Long>> stop() throws InterruptedException {
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
