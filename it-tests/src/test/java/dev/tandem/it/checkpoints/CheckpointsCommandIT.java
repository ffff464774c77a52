package dev.tandem.it.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.CliRun;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.RunningReplicator;
import dev.tandem.it.support.TestGroups;
import dev.tandem.it.support.TestPlaybooks;
import dev.tandem.it.support.TopicData;
import dev.tandem.client.Translation;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Naming;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.it.clusters.AlsoSecured;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** {@code tandem checkpoints} lists checkpoints from the store and from the target, with the source cluster down. */
class CheckpointsCommandIT extends ReplicationTestBase {

    @Test
    @AlsoSecured
    void listsCheckpointsFromTheStoreAndFromTheTargetWithTheSourceClusterStopped() throws Exception {
        String topic = TestTopics.randomName("listed");
        TopicData.create(clusters.east().spec(), topic, 2, Map.of());
        TestGroups.produce(clusters, topic, 2, 12);
        Flow flow = RunningReplicator.flow(TestTopics.randomName("flow"), "east", "west", topic, Naming.PREFIX);
        String group = TestTopics.randomName("billing");
        TestGroups.consumeAndCommit(clusters, group, new TopicPartition(topic, 0), 4);
        TestGroups.consumeAndCommit(clusters, group, new TopicPartition(topic, 1), 6);
        CheckpointRepository checkpoints = new CheckpointRepository(store.jdbi());
        try (RunningReplicator replicator = new RunningReplicator(RunningReplicator.playbook(clusters, List.of(flow)),
                List.of(flow), store)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> checkpoints.latest(flow.name(), Optional.of(group))
                    .stream().filter(c -> c.translation() instanceof Translation.Exact).count() == 2);
        }
        Path playbook = writePlaybook(flow, topic);
        // the checkpoints were taken before this instant: their age, when listed, is at least the time since
        java.time.Instant checkpointed = java.time.Instant.now();

        clusters.east().stop();
        try {
            CliRun text = CliRun.of("checkpoints", playbook.toString(), "--flow", flow.name());
            CliRun json = CliRun.of("checkpoints", playbook.toString(), "--flow", flow.name(), "--group", group,
                    "--output", "json");
            CliRun fromTarget = CliRun.of("checkpoints", playbook.toString(), "--flow", flow.name(), "--from-target",
                    "--output", "json");

            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).contains("2 checkpoints of 1 group,").containsPattern(
                    group + " +" + topic + " +0 +4 +east\\." + topic + " +4 +exact +0 +\\d+(ms|s)");
            assertThat(text.out()).containsPattern(group + " +" + topic + " +1 +6 +east\\." + topic + " +6 +exact");
            assertThat(json.exitCode()).as(json.err()).isZero();
            assertThat(fromTarget.exitCode()).as(fromTarget.err()).isZero();
            JsonNode fromStore = new ObjectMapper().readTree(json.out());
            JsonNode onTarget = new ObjectMapper().readTree(fromTarget.out());
            assertThat(fromStore.path("from").asText()).isEqualTo("store");
            assertThat(onTarget.path("from").asText()).isEqualTo("target");
            for (JsonNode listing : List.of(fromStore, onTarget)) {
                assertThat(listing.path("checkpoints")).hasSize(2);
                JsonNode first = listing.path("checkpoints").get(0);
                assertThat(first.path("group").asText()).isEqualTo(group);
                assertThat(first.path("partition").asInt()).isZero();
                assertThat(first.path("sourceOffset").asLong()).isEqualTo(4);
                assertThat(first.path("targetOffset").asLong()).isEqualTo(4);
                assertThat(first.path("kind").asText()).isEqualTo("exact");
                // an age, not a time: at least the time since they were taken, and under two minutes (the test takes less)
                long sinceCheckpointed = Duration.between(checkpointed, java.time.Instant.now()).toMillis();
                assertThat(first.path("ageMs").asLong()).isBetween(sinceCheckpointed - 1_000, 120_000L);
            }
        } finally {
            clusters.east().start();
        }
    }

    @Test
    void anUnknownFlowIsAUsageErrorNamingTheFlows() throws Exception {
        Flow flow = RunningReplicator.flow("known", "east", "west", "x", Naming.PREFIX);

        CliRun run = CliRun.of("checkpoints", writePlaybook(flow, "x").toString(), "--flow", "unknown");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no flow 'unknown'").contains("flows: known");
    }

    private static Path writePlaybook(Flow flow, String topic) throws Exception {
        return TestPlaybooks.write(WORK, clusters, storeUrl,
                "flows:",
                "  - name: " + flow.name(),
                "    source: east",
                "    target: west",
                "    topics: { include: [\"" + topic + "\"] }");
    }
}
