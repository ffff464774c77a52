package dev.tandem.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.Checkpoint;
import dev.tandem.client.Partition;
import dev.tandem.failover.CheckpointOrigin;
import dev.tandem.failover.Direction;
import dev.tandem.failover.FailoverPlan;
import dev.tandem.failover.FailoverPlanner;
import dev.tandem.failover.FailoverRun;
import dev.tandem.failover.GroupOutcome;
import dev.tandem.failover.GroupPlan;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.client.Translation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The failover command's outputs: the plan table with refusals and warnings, the verdict line, the JSON schema. */
class FailoverReportTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Partition P0 = new Partition("east.orders", 0);

    private static FailoverRun run(FailoverRun.Result result, ConsumerGroups.Standing standing,
                                   List<GroupOutcome> outcomes) {
        Checkpoint checkpoint = new Checkpoint("f", "billing", "orders", 0, 42, "east.orders",
                new Translation.AheadOfReplication(40, 2), T0, T0);
        GroupPlan group = new FailoverPlanner(Duration.ofMinutes(15), false).plan("billing", List.of(checkpoint), standing,
                Map.of(P0, new ConsumerGroups.LogRange(0, 50)), T0.plusSeconds(30));
        FailoverPlan plan = new FailoverPlan(Direction.FAILOVER, "f", "east", "west", CheckpointOrigin.STORE,
                T0.plusSeconds(30), List.of(group));
        return new FailoverRun("run-1", "ops", result == FailoverRun.Result.DRY_RUN, plan, outcomes, result);
    }

    private static String text(FailoverRun run) {
        StringWriter out = new StringWriter();
        FailoverReport.printText(run, new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void theTextShowsThePlanTheWarningsAndWhatHappened() {
        String moved = text(run(FailoverRun.Result.APPLIED, new ConsumerGroups.Standing("billing", 0, Map.of()), List.of(
                new GroupOutcome("billing", GroupOutcome.Result.MOVED, Map.of(P0, 40L), Optional.empty()))));

        assertThat(moved).isEqualTo(String.join("\n",
                "failover of flow f: groups move from east to west, checkpoints from the store",
                "GROUP    TOPIC        PARTITION  SOURCE-OFFSET  TARGET-OFFSET  KIND                  AGE  CURRENT  LOG-END"
                        + "  TO-READ  NOT-ON-TARGET  ACTION",
                "billing  east.orders  0          42             40             ahead-of-replication  30s  -        50"
                        + "       10       2              move",
                "warning: group billing: east.orders-0: 2 records the group read never reached the target (RPO);"
                        + " it resumes after the last one that did",
                "moved: group billing (1 partitions committed and read back)",
                "DONE: consumers of these groups can start on west", ""));
    }

    @Test
    void aRefusalIsPrintedWithItsReasonAndTheVerdict() {
        String refused = text(run(FailoverRun.Result.REFUSED, new ConsumerGroups.Standing("billing", 2, Map.of()),
                List.of()));

        assertThat(refused).contains("refused: group billing: it has 2 active member(s) on the target; stop them first"
                + " (or --force, which removes them)").endsWith("REFUSED: nothing changed (fix the above, or --force where"
                + " it says so)\n");
    }

    @Test
    void theJsonFollowsTheDocumentedSchema() throws Exception {
        JsonNode json = new ObjectMapper().readTree(FailoverReport.json(run(FailoverRun.Result.DRY_RUN,
                new ConsumerGroups.Standing("billing", 0, Map.of(P0, 30L)), List.of()), true));

        assertThat(json.path("version").asInt()).isEqualTo(1);
        assertThat(json.path("direction").asText()).isEqualTo("failover");
        assertThat(json.path("result").asText()).isEqualTo("dry-run");
        assertThat(json.path("dryRun").asBoolean()).isTrue();
        assertThat(json.path("operator").asText()).isEqualTo("ops");
        JsonNode group = json.path("groups").get(0);
        assertThat(group.path("result").asText()).isEqualTo("planned");
        assertThat(group.path("refusals")).isEmpty();
        assertThat(group.path("warnings")).hasSize(1);
        JsonNode partition = group.path("partitions").get(0);
        assertThat(partition.path("topic").asText()).isEqualTo("east.orders");
        assertThat(partition.path("sourceTopic").asText()).isEqualTo("orders");
        assertThat(partition.path("sourceOffset").asLong()).isEqualTo(42);
        assertThat(partition.path("targetOffset").asLong()).isEqualTo(40);
        assertThat(partition.path("currentOffset").asLong()).isEqualTo(30);
        assertThat(partition.path("kind").asText()).isEqualTo("ahead-of-replication");
        assertThat(partition.path("checkpointAgeMs").asLong()).isEqualTo(30_000);
        assertThat(partition.path("logStart").asLong()).isZero();
        assertThat(partition.path("logEnd").asLong()).isEqualTo(50);
        assertThat(partition.path("toRead").asLong()).isEqualTo(10);
        assertThat(partition.path("reread").asLong()).isZero();
        assertThat(partition.path("notOnTarget").asLong()).isEqualTo(2);
        assertThat(partition.path("action").asText()).isEqualTo("move");
    }
}
