package dev.tandem.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.client.Partition;
import dev.tandem.failover.FailoverRun.Result;
import dev.tandem.kafka.ConsumerGroups;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FailoverRunResultTest {

    private static final Partition P0 = new Partition("east.orders", 0);

    private static GroupPlan group(String name, List<String> refusals, long current) {
        PartitionMove move = new PartitionMove(P0, "orders", 42, OptionalLong.of(40), MoveKind.EXACT, 0,
                OptionalLong.of(current), new ConsumerGroups.LogRange(0, 50), 0);
        return new GroupPlan(name, List.of(move), refusals, List.of(), 0, Map.of(P0, current));
    }

    private static FailoverPlan plan(GroupPlan... groups) {
        return new FailoverPlan(Direction.FAILOVER, "f", "east", "west", CheckpointOrigin.STORE, Instant.EPOCH,
                List.of(groups));
    }

    private static GroupOutcome outcome(GroupOutcome.Result result) {
        return new GroupOutcome("g", result, Map.of(), result.asPlanned() ? Optional.empty() : Optional.of("why"));
    }

    private static final GroupPlan MOVES = group("a", List.of(), 10);
    private static final GroupPlan REFUSED = group("b", List.of("active members"), 10);
    private static final GroupPlan ALREADY_THERE = group("c", List.of(), 40);

    @Test
    void aDryRunIsADryRunWhateverThePlanSays() {
        assertThat(Result.beforeApplying(true, plan(MOVES))).hasValue(Result.DRY_RUN);
        assertThat(Result.beforeApplying(true, plan(REFUSED))).hasValue(Result.DRY_RUN);
        assertThat(Result.beforeApplying(true, plan(ALREADY_THERE))).hasValue(Result.DRY_RUN);
    }

    @Test
    void oneRefusedGroupRefusesTheWholeRunEvenWhenNothingWouldChange() {
        assertThat(Result.beforeApplying(false, plan(MOVES, REFUSED))).hasValue(Result.REFUSED);
        assertThat(Result.beforeApplying(false, plan(ALREADY_THERE, group("d", List.of("old"), 40))))
                .hasValue(Result.REFUSED);
    }

    @Test
    void aPlanThatChangesNothingIsANoOpAndAnyOtherIsApplied() {
        assertThat(Result.beforeApplying(false, plan(ALREADY_THERE))).hasValue(Result.NO_OP);
        assertThat(Result.beforeApplying(false, plan(ALREADY_THERE, MOVES))).isEmpty();
    }

    @Test
    void anAppliedRunIsPartialAsSoonAsOneGroupWasRefusedOrDiffers() {
        GroupOutcome moved = outcome(GroupOutcome.Result.MOVED);
        GroupOutcome unchanged = outcome(GroupOutcome.Result.UNCHANGED);

        assertThat(Result.afterApplying(List.of(moved, unchanged))).isEqualTo(Result.APPLIED);
        assertThat(Result.afterApplying(List.of(moved, outcome(GroupOutcome.Result.REFUSED)))).isEqualTo(Result.PARTIAL);
        assertThat(Result.afterApplying(List.of(outcome(GroupOutcome.Result.DIFFERS), unchanged))).isEqualTo(Result.PARTIAL);
    }

    @Test
    void onlyRefusedAndPartialRunsExitAsRefusedAndOnlyAppliedAndNoOpLeaveTheGroupsInPlace() {
        assertThat(Arrays.stream(Result.values()).filter(Result::refused)).containsExactly(Result.REFUSED, Result.PARTIAL);
        assertThat(Arrays.stream(Result.values()).filter(Result::groupsInPlace)).containsExactly(Result.NO_OP,
                Result.APPLIED);
    }

    @Test
    void theWireNamesAreTheOnesTheStoreAndTheJsonHave() {
        assertThat(Arrays.stream(Result.values()).map(Result::wireName))
                .containsExactly("dry-run", "refused", "no-op", "applied", "partial");
        assertThat(Arrays.stream(GroupOutcome.Result.values()).map(GroupOutcome.Result::wireName))
                .containsExactly("moved", "unchanged", "refused", "differs");
        assertThat(Arrays.stream(Direction.values()).map(Direction::wireName)).containsExactly("failover", "failback");
    }

    @Test
    void aGroupOutcomeHasAProblemExactlyWhenRefusedOrDiffering() {
        assertThatThrownBy(() -> new GroupOutcome("g", GroupOutcome.Result.REFUSED, Map.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("group g: a refused outcome needs its problem");
        assertThatThrownBy(() -> new GroupOutcome("g", GroupOutcome.Result.MOVED, Map.of(), Optional.of("?")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("group g: a moved outcome has no problem");
    }
}
