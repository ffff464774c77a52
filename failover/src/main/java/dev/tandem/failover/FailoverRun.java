package dev.tandem.failover;

import java.util.List;
import java.util.Optional;

/**
 * A failover as it ended: the plan and, when it was applied, what happened to each group.
 *
 * @param result dry-run, refused (nothing changed), no-op (nothing to change), applied, or partial
 *               (some groups were refused or differ at apply time)
 */
public record FailoverRun(String runId, String operator, boolean dryRun, FailoverPlan plan,
                          List<GroupOutcome> outcomes, Result result) {

    /** How a run ended, by the name it has in the output and the store. */
    public enum Result {
        DRY_RUN("dry-run"),
        REFUSED("refused"),
        NO_OP("no-op"),
        APPLIED("applied"),
        PARTIAL("partial");

        private final String wireName;

        Result(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** Whether the run refused (at planning or at apply time): exit 4. */
        public boolean refused() {
            return this == REFUSED || this == PARTIAL;
        }

        /** Whether every group now is where its checkpoints say: moved, or there already. */
        public boolean groupsInPlace() {
            return this == APPLIED || this == NO_OP;
        }

        /**
         * How a run ends without applying anything, if it does: a dry run always (even when
         * refused), then a refused plan, then a plan that changes nothing; empty: apply it.
         */
        public static Optional<Result> beforeApplying(boolean dryRun, FailoverPlan plan) {
            if (dryRun) {
                return Optional.of(DRY_RUN);
            }
            if (plan.refused()) {
                return Optional.of(REFUSED);
            }
            return plan.noOp() ? Optional.of(NO_OP) : Optional.empty();
        }

        /** How an applied run ended: partial as soon as one group was refused or differs when read back. */
        public static Result afterApplying(List<GroupOutcome> outcomes) {
            return outcomes.stream().allMatch(o -> o.result().asPlanned()) ? APPLIED : PARTIAL;
        }
    }

    public FailoverRun {
        outcomes = List.copyOf(outcomes);
    }

    /** Whether the run refused (at planning or at apply time): exit 4. */
    public boolean refused() {
        return result.refused();
    }
}
