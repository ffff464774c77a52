package dev.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.Partition;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.client.Translation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailoverPlannerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Partition P0 = new Partition("east.orders", 0);
    private static final Partition P1 = new Partition("east.orders", 1);
    private static final Map<Partition, ConsumerGroups.LogRange> LOGS =
            Map.of(P0, new ConsumerGroups.LogRange(0, 50), P1, new ConsumerGroups.LogRange(10, 30));
    private final FailoverPlanner planner = new FailoverPlanner(Duration.ofMinutes(15), false);
    private final FailoverPlanner forced = new FailoverPlanner(Duration.ofMinutes(15), true);

    private static Checkpoint checkpoint(int partition, long source, Translation translation, Instant at) {
        return new Checkpoint("f", "g", "orders", partition, source, "east.orders", translation, at, at);
    }

    private static ConsumerGroups.Standing idle(Map<Partition, Long> committed) {
        return new ConsumerGroups.Standing("g", 0, committed);
    }

    @Test
    void anIdleGroupMovesToItsCheckpointsAndTheMoveIsExplained() {
        GroupPlan plan = planner.plan("g", List.of(checkpoint(0, 42, new Translation.Exact(40), T0),
                checkpoint(1, 17, new Translation.AheadOfReplication(15, 2), T0)), idle(Map.of()), LOGS, T0.plusSeconds(5));

        assertThat(plan.refused()).isFalse();
        assertThat(plan.commits()).isEqualTo(Map.of(P0, 40L, P1, 15L));
        assertThat(plan.moves().get(0).toRead()).isEqualTo(10);
        assertThat(plan.moves().get(0).checkpointAgeMs()).isEqualTo(5_000);
        assertThat(plan.warnings()).singleElement().asString()
                .contains("east.orders-1: 2 records the group read never reached the target");
    }

    @Test
    void aGroupAlreadyAtItsCheckpointsIsUnchangedAndOneBeyondMovesBackToReadAgain() {
        GroupPlan plan = planner.plan("g", List.of(checkpoint(0, 42, new Translation.Exact(40), T0),
                checkpoint(1, 17, new Translation.Exact(15), T0)), idle(Map.of(P0, 40L, P1, 20L)), LOGS, T0);

        assertThat(plan.moves()).extracting(PartitionMove::action)
                .containsExactly(PartitionMove.Action.UNCHANGED, PartitionMove.Action.MOVE);
        assertThat(plan.moves().get(1).reread()).isEqualTo(5);
        assertThat(plan.commits()).isEqualTo(Map.of(P1, 15L));
    }

    @Test
    void refusesActiveGroupsOldCheckpointsMissingPositionsAndGroupsWithoutCheckpoints() {
        List<Checkpoint> checkpoints = List.of(checkpoint(0, 42, new Translation.Exact(40), T0),
                checkpoint(1, 0, new Translation.NoSyncPoint(), T0));
        ConsumerGroups.Standing active = new ConsumerGroups.Standing("g", 2, Map.of());
        Instant late = T0.plus(Duration.ofMinutes(16));

        GroupPlan refused = planner.plan("g", checkpoints, active, LOGS, late);
        GroupPlan none = planner.plan("g", List.of(), idle(Map.of()), LOGS, late);

        assertThat(refused.refusals()).hasSize(4).anyMatch(r -> r.contains("2 active member(s)"))
                .anyMatch(r -> r.contains("is 960 s old (failover.max-checkpoint-age 900 s)"))
                .anyMatch(r -> r.contains("east.orders-1 has no known position"));
        assertThat(none.refusals()).singleElement().asString().startsWith("no checkpoint");
    }

    @Test
    void forceTurnsRefusalsIntoWarningsAndLeavesPartitionsWithoutPositionAlone() {
        GroupPlan plan = forced.plan("g", List.of(checkpoint(0, 42, new Translation.Exact(40), T0),
                checkpoint(1, 0, new Translation.NoSyncPoint(), T0)), new ConsumerGroups.Standing("g", 1, Map.of()), LOGS,
                T0.plus(Duration.ofHours(1)));

        assertThat(plan.refused()).isFalse();
        assertThat(plan.warnings()).allMatch(w -> w.startsWith("forced: ")).hasSize(4);
        assertThat(plan.commits()).isEqualTo(Map.of(P0, 40L));
        assertThat(forced.plan("g", List.of(), idle(Map.of()), LOGS, T0).refused())
                .as("without any checkpoint, even --force cannot move a group").isTrue();
    }

    @Test
    void warnsWhenTheTargetOffsetIsOutsideThePartition() {
        GroupPlan plan = planner.plan("g", List.of(checkpoint(1, 3, new Translation.Exact(5), T0)), idle(Map.of()), LOGS, T0);

        assertThat(plan.warnings()).singleElement().asString()
                .contains("offset 5 is before the partition's start 10 (deleted by retention)");
        assertThat(plan.commits()).as("committed within the log, not left to auto.offset.reset").isEqualTo(Map.of(P1, 10L));
    }

    @Test
    void aPartitionMissingOnTheTargetIsRefusedOrLeftOutWhenForced() {
        List<Checkpoint> checkpoints = List.of(checkpoint(0, 42, new Translation.Exact(40), T0),
                checkpoint(7, 1, new Translation.Exact(1), T0));

        GroupPlan refused = planner.plan("g", checkpoints, idle(Map.of()), LOGS, T0);
        GroupPlan leftOut = forced.plan("g", checkpoints, idle(Map.of()), LOGS, T0);

        assertThat(refused.refusals()).singleElement().asString().isEqualTo("east.orders-7 does not exist on the target;"
                + " forced, it is left out");
        assertThat(leftOut.commits()).isEqualTo(Map.of(P0, 40L));
    }

    @Test
    void byTimestampMovesPartitionsWithoutPositionToTheFirstRecordAtTheirCommitTimeFlaggedApproximate() {
        FailoverPlanner byTime = new FailoverPlanner(Duration.ofMinutes(15), false, Optional.of(Duration.ofSeconds(5)));
        Instant committed = T0.minusSeconds(30);
        Instant lookedUp = committed.minusSeconds(5); // one checkpoint interval before the commit was first seen
        List<Checkpoint> checkpoints = List.of(checkpoint(0, 42, new Translation.Exact(40), T0),
                new Checkpoint("f", "g", "orders", 1, 7, "east.orders", new Translation.NoSyncPoint(), committed, T0));

        GroupPlan found = byTime.plan("g", checkpoints, idle(Map.of()), LOGS,
                Map.of(P1, Map.of(lookedUp, java.util.OptionalLong.of(17))), T0);
        GroupPlan past = byTime.plan("g", checkpoints, idle(Map.of()), LOGS,
                Map.of(P1, Map.of(lookedUp, java.util.OptionalLong.empty())), T0);
        GroupPlan withoutFlag = planner.plan("g", checkpoints, idle(Map.of()), LOGS,
                Map.of(P1, Map.of(lookedUp, java.util.OptionalLong.of(17))), T0);

        assertThat(found.refused()).isFalse();
        assertThat(found.commits()).isEqualTo(Map.of(P0, 40L, P1, 17L));
        assertThat(found.moves()).filteredOn(m -> m.target().equals(P1)).singleElement()
                .satisfies(m -> assertThat(m.kind()).isEqualTo(MoveKind.BY_TIMESTAMP));
        assertThat(found.warnings()).singleElement().asString().startsWith("east.orders-1: approximate, by timestamp:"
                + " offset 17 is the first record written at or after 2025-12-31T23:59:25Z (one checkpoint interval"
                + " before Tandem first saw the group, at source offset 7, at 2025-12-31T23:59:30Z;");
        assertThat(past.commits()).as("no record at or after the time: the partition's end").containsEntry(P1, 30L);
        assertThat(withoutFlag.refusals()).singleElement().asString().contains("--by-timestamp moves it");
        assertThat(byTime.plan("g", List.of(), idle(Map.of()), LOGS, T0).refusals()).singleElement().asString()
                .contains("--by-timestamp cannot help");
    }

    @Test
    void byTimestampStartsWhenTheGroupWasLastSeenAtAnEarlierOffsetWhenTandemKnowsIt() {
        FailoverPlanner byTime = new FailoverPlanner(Duration.ofMinutes(15), false, Optional.of(Duration.ofSeconds(5)));
        Instant seenBefore = T0.minusSeconds(90);
        Checkpoint bounded = new Checkpoint("f", "g", "orders", 1, 7, "east.orders", new Translation.NoSyncPoint(),
                T0.minusSeconds(30), T0, Optional.of(seenBefore));

        assertThat(FailoverPlanner.lookupTime(bounded, Duration.ofSeconds(5))).isEqualTo(seenBefore);
        GroupPlan plan = byTime.plan("g", List.of(bounded), idle(Map.of()), LOGS,
                Map.of(P1, Map.of(seenBefore, java.util.OptionalLong.of(12))), T0);
        assertThat(plan.commits()).isEqualTo(Map.of(P1, 12L));
        assertThat(plan.warnings()).singleElement().asString().contains("at or after 2025-12-31T23:58:30Z (the group was"
                + " still at an earlier offset then;");
    }

    @Test
    void mirrorMaker2CheckpointsMoveWithAWarningAndTheirAgeIsNoRefusal() {
        GroupPlan plan = planner.plan("g", List.of(checkpoint(0, 42, new Translation.MirrorMaker2(31), T0),
                checkpoint(1, 17, new Translation.Exact(15), T0)), idle(Map.of()), LOGS, T0.plus(Duration.ofHours(2)));

        assertThat(plan.commits()).isEqualTo(Map.of(P0, 31L, P1, 15L));
        assertThat(plan.moves()).extracting(PartitionMove::kind).containsExactly(MoveKind.MM2, MoveKind.EXACT);
        assertThat(plan.refusals()).singleElement().asString().contains("the checkpoint of east.orders-1 is 7200 s old");
        assertThat(plan.warnings()).singleElement().asString().startsWith("1 partition(s) move by MirrorMaker 2's"
                + " checkpoints (kind mm2): its translation may re-read records");
    }
}
