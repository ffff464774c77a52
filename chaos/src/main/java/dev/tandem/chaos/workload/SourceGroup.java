package dev.tandem.chaos.workload;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application of the run: a consumer group on the source that reads the workload's topics
 * (committed records only) and commits every {@link #COMMIT_EVERY}, whose checkpoints the replicator
 * translates; the checker compares each translation with the record it names.
 */
public final class SourceGroup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceGroup.class);
    static final Duration COMMIT_EVERY = Duration.ofSeconds(1);

    private final String group;
    private final Thread thread;
    private final Map<String, Object> config;
    private final Pattern topics;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public SourceGroup(String bootstrap, Map<String, Object> clientProperties, String group, List<WorkloadTopic> workload) {
        this.group = group;
        this.config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        // its pattern finds a re-created topic within 2 s, not Kafka's default 5 minutes (then a run whose faults
        // after the re-creation leave the source alone never reads the new topic, and checks none of its checkpoints)
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2_000);
        this.topics = Pattern.compile(String.join("|", workload.stream().map(t -> Pattern.quote(t.name())).toList()));
        this.thread = new Thread(this::run, "chaos-group-" + group);
        thread.setDaemon(true);
    }

    public String group() {
        return group;
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(topics);
            long nextCommit = System.nanoTime() + COMMIT_EVERY.toNanos();
            while (!stopping) {
                try {
                    c.poll(Duration.ofMillis(200));
                    if (System.nanoTime() - nextCommit >= 0) {
                        c.commitSync(Duration.ofSeconds(10));
                        nextCommit = System.nanoTime() + COMMIT_EVERY.toNanos();
                    }
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    LOG.debug("group {}: {}", group, e.toString()); // the source is down: go on, as an application does
                }
            }
            try {
                c.commitSync(Duration.ofSeconds(10));
            } catch (KafkaException e) {
                LOG.warn("group {}: last commit failed: {}", group, e.toString());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        thread.join(Duration.ofSeconds(60).toMillis());
    }
}
