package dev.tandem.cli.sandbox;

import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;

/** The demo's traffic: a topic with records on the first flow's source, looked for on its target. */
final class DemoTraffic {

    static final String TOPIC = "orders";
    static final int RECORDS = 30;

    private final KafkaClients clients;
    private final Playbook playbook;
    private final PrintWriter out;

    DemoTraffic(KafkaClients clients, Playbook playbook, PrintWriter out) {
        this.clients = clients;
        this.playbook = playbook;
        this.out = out;
    }

    void showSeparateClusters() {
        Flow flow = playbook.flows().get(0);
        ClusterSpec source = playbook.cluster(flow.source());
        ClusterSpec target = playbook.cluster(flow.target());
        try (Admin sourceAdmin = clients.admin(source); Admin targetAdmin = clients.admin(target)) {
            out.printf("%s is cluster %s; %s is cluster %s%n", source.alias(), clusterId(sourceAdmin, source),
                    target.alias(), clusterId(targetAdmin, target));
            createTopic(sourceAdmin, source);
            produce(source);
            out.printf("created topic %s on %s and wrote %d records to it%n", TOPIC, source.alias(), RECORDS);
            Set<String> targetTopics = call(target, "list topics", targetAdmin.listTopics().names());
            out.printf("%s has %s; flow %s selects it: %s, and will copy it to %s as %s%n", target.alias(),
                    targetTopics.contains(TOPIC) ? "a topic " + TOPIC : "no topic " + TOPIC, flow.name(),
                    flow.topics().matches(TOPIC) ? "yes" : "no", target.alias(), flow.targetTopic(TOPIC));
            out.flush();
        }
    }

    private String clusterId(Admin admin, ClusterSpec cluster) {
        return call(cluster, "describe cluster", admin.describeCluster().clusterId());
    }

    private void createTopic(Admin admin, ClusterSpec cluster) {
        try {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ClusterUnreachableException(cluster.alias(), "create topic " + TOPIC, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new ClusterUnreachableException(cluster.alias(), "create topic " + TOPIC, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void produce(ClusterSpec cluster) {
        try (Producer<byte[], byte[]> producer = clients.producer(cluster, Map.of())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, bytes("order-" + i), bytes("{\"order\":" + i + "}")));
            }
            producer.flush();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T call(ClusterSpec cluster, String attempted, org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ClusterUnreachableException(cluster.alias(), attempted, e.getCause());
        } catch (TimeoutException e) {
            throw new ClusterUnreachableException(cluster.alias(), attempted, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
