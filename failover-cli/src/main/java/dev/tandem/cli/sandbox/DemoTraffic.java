package dev.tandem.cli.sandbox;

import static dev.tandem.kafka.KafkaCalls.await;

import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

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
            Set<String> targetTopics = await(targetAdmin.listTopics().names(), target.alias(), "list topics");
            out.printf("%s has %s; flow %s selects it: %s, and will copy it to %s as %s%n", target.alias(),
                    targetTopics.contains(TOPIC) ? "a topic " + TOPIC : "no topic " + TOPIC, flow.name(),
                    flow.topics().matches(TOPIC) ? "yes" : "no", target.alias(), flow.targetTopic(TOPIC));
            out.flush();
        }
    }

    private String clusterId(Admin admin, ClusterSpec cluster) {
        return await(admin.describeCluster().clusterId(), cluster.alias(), "describe cluster");
    }

    private void createTopic(Admin admin, ClusterSpec cluster) {
        KafkaCalls.createIfMissing(admin, cluster.alias(), new NewTopic(TOPIC, 3, (short) 1));
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
}
