package dev.tandem.it.mirrormaker2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.cli.TandemCli;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TopicData;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.load.PlaybookLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A MirrorMaker 2 configuration like Kafka's own example (two clusters, both directions, default
 * replication policy) imported with {@code tandem import mm2}: the playbook validates, and replication
 * with it copies both ways, into the replica topics MirrorMaker 2 would have used, with no loop.
 * The clusters get fresh aliases and the topics a fresh prefix, so the shared clusters' other topics stay
 * out of it.
 */
class Mm2ImportIT extends ReplicationTestBase {

    @Test
    void anImportedActiveActiveConfigurationCopiesBothWaysWithoutALoop() throws Exception {
        copiesBothWaysWithoutALoop("", ".");
    }

    @Test
    void aCustomSeparatorNamesTheReplicasAsMirrorMaker2Did() throws Exception {
        copiesBothWaysWithoutALoop("replication.policy.separator = _\n", "_");
    }

    private void copiesBothWaysWithoutALoop(String moreSettings, String separator) throws Exception {
        String a = TestTopics.randomName("dc1").replace(".", "-");
        String b = TestTopics.randomName("dc2").replace(".", "-");
        String prefix = TestTopics.randomName("imported").replace("-", "");
        Path properties = WORK.resolve(prefix + ".properties");
        Files.writeString(properties, """
                # Kafka's config/connect-mirror-maker.properties, pointed at the test clusters
                clusters = %1$s, %2$s
                %1$s.bootstrap.servers = %3$s
                %2$s.bootstrap.servers = %4$s
                %1$s->%2$s.enabled = true
                %1$s->%2$s.topics = .*%5$s.*
                %2$s->%1$s.enabled = true
                %2$s->%1$s.topics = .*%5$s.*
                replication.factor=1
                checkpoints.topic.replication.factor=1
                heartbeats.topic.replication.factor=1
                offset-syncs.topic.replication.factor=1
                offset.storage.replication.factor=1
                status.storage.replication.factor=1
                config.storage.replication.factor=1
                refresh.topics.interval.seconds = 1
                """.formatted(a, b, clusters.east().bootstrap(), clusters.west().bootstrap(), prefix) + moreSettings);
        Path playbookFile = WORK.resolve(prefix + ".yaml");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TandemCli.run(new PrintWriter(out), new PrintWriter(err), System::getenv,
                "import", "mm2", properties.toString(), "--start", "earliest", "-o", playbookFile.toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("it validates").contains("offset-syncs.topic.replication.factor: not carried"
                + " over");
        Playbook playbook = new PlaybookLoader(System::getenv, new dev.tandem.drills.QuartzCron()).load(playbookFile);
        assertThat(playbook.flows()).extracting(Flow::name).containsExactly(a + "-to-" + b, b + "-to-" + a);

        ClusterSpec east = clusters.east().spec();
        ClusterSpec west = clusters.west().spec();
        String onEast = prefix + "-orders";
        String onWest = prefix + "-payments";
        TopicData.create(east, onEast, 2, Map.of());
        TopicData.create(west, onWest, 2, Map.of());
        write(east, onEast, 30);
        write(west, onWest, 20);

        String eastReplica = a + separator + onEast;
        String westReplica = b + separator + onWest;
        String late = prefix + "-late";
        try (RunningReplicator replicator = new RunningReplicator(playbook, playbook.flows(), store)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                assertThat(TopicData.count(west, eastReplica)).isEqualTo(30);
                assertThat(TopicData.count(east, westReplica)).isEqualTo(20);
            });
            write(east, onEast, 5);
            // A topic made on west after east's replica was there: once it is on east, the reverse flow has
            // looked at west's topics again since the replica appeared, and left the replica alone.
            TopicData.create(west, late, 1, Map.of());
            write(west, late, 3);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(TopicData.count(west, eastReplica)).isEqualTo(35);
                assertThat(TopicData.count(east, b + separator + late)).isEqualTo(3);
            });
            assertThat(replicator.running()).isTrue();
        }
        // No loop: a replica is never copied back (no <b><sep><a><sep>... on east, no <a><sep><b><sep>... on west).
        assertThat(topics(east)).filteredOn(t -> t.contains(prefix)).containsExactlyInAnyOrder(onEast, westReplica,
                b + separator + late);
        assertThat(topics(west)).filteredOn(t -> t.contains(prefix)).containsExactlyInAnyOrder(onWest, eastReplica, late);
        assertThat(TopicData.count(east, onEast)).isEqualTo(35);
        assertThat(TopicData.count(west, onWest)).isEqualTo(20);
    }

    private static void write(ClusterSpec cluster, String topic, int count) throws Exception {
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(cluster, Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private static List<String> topics(ClusterSpec cluster) throws Exception {
        try (Admin admin = CLIENTS.admin(cluster)) {
            return List.copyOf(admin.listTopics().names().get());
        }
    }
}
