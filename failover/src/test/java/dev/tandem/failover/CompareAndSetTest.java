package dev.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.Partition;
import dev.tandem.kafka.ConsumerGroups;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CompareAndSetTest {

    private static final Partition P0 = new Partition("east.orders", 0);
    private static final Partition P1 = new Partition("east.orders", 1);
    private static final Map<Partition, Long> WHEN_PLANNED = Map.of(P0, 5L);
    private final CompareAndSet rules = new CompareAndSet("west", false);
    private final CompareAndSet forced = new CompareAndSet("west", true);

    private static PartitionMove move(Partition partition, long to, Long current) {
        return new PartitionMove(partition, "orders", to + 2, OptionalLong.of(to), MoveKind.EXACT, 0,
                current == null ? OptionalLong.empty() : OptionalLong.of(current), new ConsumerGroups.LogRange(0, 100), 0);
    }

    /** The group moves P0 from 5 to 40 and P1 (no offset yet) to 17. */
    private static GroupPlan plan() {
        return new GroupPlan("billing", List.of(move(P0, 40, 5L), move(P1, 17, null)), List.of(), List.of(), 0,
                WHEN_PLANNED);
    }

    private static ConsumerGroups.Standing standing(int members, Map<Partition, Long> committed) {
        return new ConsumerGroups.Standing("billing", members, committed);
    }

    @Test
    void aPlanThatCommitsNothingIsUnchangedWithoutLookingAtTheGroup() {
        GroupPlan atCheckpoints = new GroupPlan("billing", List.of(move(P0, 5, 5L)), List.of(), List.of(), 0, WHEN_PLANNED);

        assertThat(rules.beforeCommit(atCheckpoints, null)).isEqualTo(new CompareAndSet.Settled(
                new GroupOutcome("billing", GroupOutcome.Result.UNCHANGED, Map.of(), Optional.empty())));
    }

    @Test
    void anIdleGroupStandingAsPlannedIsCommittedWithoutRemovingMembers() {
        assertThat(rules.beforeCommit(plan(), standing(0, WHEN_PLANNED))).isEqualTo(new CompareAndSet.Commit(false));
    }

    @Test
    void offsetsChangedSinceThePlanRefuseTheGroupUnlessForced() {
        ConsumerGroups.Standing committedMeanwhile = standing(0, Map.of(P0, 6L));

        assertThat(rules.beforeCommit(plan(), committedMeanwhile)).isEqualTo(new CompareAndSet.Settled(
                CompareAndSet.refused(plan(), "its offsets on west changed since the plan was made; plan again")));
        assertThat(forced.beforeCommit(plan(), committedMeanwhile)).isEqualTo(new CompareAndSet.Commit(false));
    }

    @Test
    void aMemberWhoJoinedSinceThePlanRefusesTheGroupUnlessForcedThenMembersAreRemovedFirst() {
        ConsumerGroups.Standing joined = standing(1, WHEN_PLANNED);

        assertThat(rules.beforeCommit(plan(), joined)).isEqualTo(new CompareAndSet.Settled(
                CompareAndSet.refused(plan(), "a member joined it on west since the plan was made")));
        assertThat(forced.beforeCommit(plan(), joined)).isEqualTo(new CompareAndSet.Commit(true));
    }

    @Test
    void changedOffsetsAreReportedBeforeAJoinedMember() {
        assertThat(rules.beforeCommit(plan(), standing(2, Map.of()))).isInstanceOfSatisfying(CompareAndSet.Settled.class,
                s -> assertThat(s.outcome().problem()).hasValueSatisfying(p -> assertThat(p).contains("offsets")));
    }

    @Test
    void offsetsReadBackAsCommittedMoveTheGroup() {
        GroupOutcome outcome = CompareAndSet.afterCommit(plan(), Map.of(P0, 40L, P1, 17L));

        assertThat(outcome).isEqualTo(new GroupOutcome("billing", GroupOutcome.Result.MOVED, Map.of(P0, 40L, P1, 17L),
                Optional.empty()));
    }

    @Test
    void anyPartitionReadBackOtherwiseOrNotAtAllDiffersAndIsNamed() {
        Map<Partition, Long> consumerCommitted = Map.of(P0, 41L, P1, 17L);
        Map<Partition, Long> oneMissing = Map.of(P0, 40L);

        GroupOutcome differs = CompareAndSet.afterCommit(plan(), consumerCommitted);
        GroupOutcome missing = CompareAndSet.afterCommit(plan(), oneMissing);

        assertThat(differs.result()).isEqualTo(GroupOutcome.Result.DIFFERS);
        assertThat(differs.committed()).as("what was read back").isEqualTo(consumerCommitted);
        assertThat(differs.problem()).hasValue("read back differs for [east.orders-0] (a consumer of the group committed"
                + " meanwhile?)");
        assertThat(missing.problem()).hasValueSatisfying(p -> assertThat(p).contains("[east.orders-1]"));
    }
}
