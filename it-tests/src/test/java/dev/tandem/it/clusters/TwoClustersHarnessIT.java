package dev.tandem.it.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The harness gives two real, separate clusters on which topics and consumer groups work. */
@ExtendWith(TwoClustersExtension.class)
class TwoClustersHarnessIT {

    private static TwoClusters clusters;
    private final KafkaClients clients = new DefaultKafkaClients("tandem-it");

    @BeforeAll
    static void clusters(TwoClusters twoClusters) {
        clusters = twoClusters;
    }

    @Test
    void theTwoClustersHaveDifferentClusterIds() throws Exception {
        try (Admin east = clients.admin(clusters.east().spec()); Admin west = clients.admin(clusters.west().spec())) {
            String eastId = east.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            String westId = west.describeCluster().clusterId().get(30, TimeUnit.SECONDS);

            assertThat(eastId).isEqualTo(clusters.east().clusterId());
            assertThat(westId).isEqualTo(clusters.west().clusterId());
            assertThat(eastId).isNotEqualTo(westId);
        }
    }

    @Test
    void aTopicCreatedOnEastDoesNotExistOnWest() throws Exception {
        String topic = TestTopics.randomName("harness");
        try (Admin east = clients.admin(clusters.east().spec()); Admin west = clients.admin(clusters.west().spec())) {
            TestTopics.create(east, topic, 2);

            // A new topic reaches the answering broker's metadata a moment after its creation is acknowledged.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(east.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic));
            assertThat(west.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
        }
    }

    @Test
    void consumerGroupsCommitAndReadBackOnBothClusters() throws Exception {
        for (TestCluster cluster : List.of(clusters.east(), clusters.west())) {
            String topic = TestTopics.randomName("groups");
            String group = TestTopics.randomName("group");
            try (Admin admin = clients.admin(cluster.spec())) {
                TestTopics.create(admin, topic, 1);
                produce(cluster, topic, 5);

                List<String> read = consumeAndCommit(cluster, topic, group, 5);

                assertThat(read).containsExactly("v0", "v1", "v2", "v3", "v4");
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertThat(committed.get(new TopicPartition(topic, 0)).offset()).isEqualTo(5);
            }
        }
    }

    private void produce(TestCluster cluster, String topic, int count) {
        try (Producer<byte[], byte[]> producer = clients.producer(cluster.spec(), Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private List<String> consumeAndCommit(TestCluster cluster, String topic, String group, int count) {
        List<String> values = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = clients.consumer(cluster.spec(),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
                return values.size() >= count;
            });
            consumer.commitSync();
        }
        return values;
    }
}
