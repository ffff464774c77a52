package dev.tandem.it.support;

import static org.awaitility.Awaitility.await;

import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.ClusterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** A member of a consumer group on a cluster, polling in its own thread until closed. */
public final class ActiveConsumer implements AutoCloseable {

    private final Consumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final java.util.concurrent.atomic.AtomicInteger assigned = new java.util.concurrent.atomic.AtomicInteger();

    public ActiveConsumer(ClusterSpec cluster, String group, String topic) {
        consumer = new DefaultKafkaClients("tandem-it-member").consumer(cluster, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        consumer.subscribe(List.of(topic));
        thread = new Thread(() -> {
            while (running.get()) {
                consumer.poll(Duration.ofMillis(100));
                assigned.set(consumer.assignment().size());
            }
            consumer.close();
        }, "active-consumer-" + group);
        thread.start();
    }

    public void awaitAssignment() {
        await().atMost(Duration.ofSeconds(60)).until(() -> assigned.get() > 0);
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
