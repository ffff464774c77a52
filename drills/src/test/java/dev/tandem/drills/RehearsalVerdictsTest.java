package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.failover.CheckpointOrigin;
import dev.tandem.failover.Direction;
import dev.tandem.failover.FailoverPlan;
import dev.tandem.failover.FailoverRun;
import dev.tandem.failover.GroupPlan;
import dev.tandem.verifier.canary.Canary;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RehearsalVerdictsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Canary FIFTH = new Canary("run-1", 0, 5, T0);

    private static FailoverRun run(FailoverRun.Result result, List<String> refusals) {
        GroupPlan group = new GroupPlan("tandem.drill.d", List.of(), refusals, List.of(), 0, Map.of());
        return new FailoverRun("r", "drill", false, new FailoverPlan(Direction.FAILBACK, "f", "west", "east",
                CheckpointOrigin.STORE, T0, List.of(group)), List.of(), result);
    }

    @Test
    void theGroupMustResumeAtExactlyTheCanaryItHadNotReadYet() {
        assertThatCode(() -> RehearsalVerdicts.resumedAt(Optional.of(new Canary("run-1", 0, 5, T0)), FIFTH))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> RehearsalVerdicts.resumedAt(Optional.of(new Canary("run-1", 0, 4, T0)), FIFTH))
                .isInstanceOf(DrillStepException.class)
                .hasMessage("after failover the drill group read canary 4 first, not canary 5");
        assertThatThrownBy(() -> RehearsalVerdicts.resumedAt(Optional.of(new Canary("run-0", 0, 5, T0)), FIFTH))
                .as("the same sequence of another run").isInstanceOf(DrillStepException.class);
        assertThatThrownBy(() -> RehearsalVerdicts.resumedAt(Optional.empty(), FIFTH))
                .hasMessage("after failover the drill group read a record that is no canary first, not canary 5");
    }

    @Test
    void afterFailbackTheGroupMustBeHomeRightAfterTheRecordItReadAway() {
        assertThatCode(() -> RehearsalVerdicts.backHome(OptionalLong.of(12), 12, "tandem.canary-0"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> RehearsalVerdicts.backHome(OptionalLong.of(11), 12, "tandem.canary-0"))
                .isInstanceOf(DrillStepException.class)
                .hasMessage("after failback the drill group is at offset 11 of tandem.canary-0, not 12");
        assertThatThrownBy(() -> RehearsalVerdicts.backHome(OptionalLong.empty(), 12, "tandem.canary-0"))
                .hasMessage("after failback the drill group is at offset null of tandem.canary-0, not 12");
    }

    @Test
    void aMoveMustLeaveTheGroupInPlaceAndOtherwiseSaysWhyNot() {
        assertThatCode(() -> RehearsalVerdicts.moved(run(FailoverRun.Result.APPLIED, List.of()))).doesNotThrowAnyException();
        assertThatCode(() -> RehearsalVerdicts.moved(run(FailoverRun.Result.NO_OP, List.of()))).doesNotThrowAnyException();
        assertThatThrownBy(() -> RehearsalVerdicts.moved(run(FailoverRun.Result.REFUSED, List.of("old", "active"))))
                .isInstanceOf(DrillStepException.class).hasMessage("the failback was refused: old; active");
        assertThatThrownBy(() -> RehearsalVerdicts.moved(run(FailoverRun.Result.PARTIAL, List.of())))
                .hasMessage("the failback was partial: ");
        assertThatThrownBy(() -> RehearsalVerdicts.moved(run(FailoverRun.Result.DRY_RUN, List.of())))
                .as("a dry run moves nothing").hasMessage("the failback was dry-run: ");
    }

    @Test
    void theDrillGroupsCheckpointMustBeExact() {
        CheckpointResult exact = new CheckpointResult("g", "tandem.canary", 0, 5, OptionalLong.of(5), "exact", true,
                OptionalLong.of(0), 10, Optional.empty());
        CheckpointResult off = new CheckpointResult("g", "tandem.canary", 0, 5, OptionalLong.of(6), "exact", false,
                OptionalLong.of(1), 10, Optional.of("target offset 6 holds canary 6 instead of 5"));
        CheckpointResult unexplained = new CheckpointResult("g", "tandem.canary", 0, 5, OptionalLong.empty(), "none",
                false, OptionalLong.empty(), -1, Optional.empty());

        assertThatCode(() -> RehearsalVerdicts.checkpointExact(exact)).doesNotThrowAnyException();
        assertThatThrownBy(() -> RehearsalVerdicts.checkpointExact(off))
                .hasMessage("the drill group's checkpoint: target offset 6 holds canary 6 instead of 5");
        assertThatThrownBy(() -> RehearsalVerdicts.checkpointExact(unexplained))
                .hasMessage("the drill group's checkpoint: not exact");
    }
}
