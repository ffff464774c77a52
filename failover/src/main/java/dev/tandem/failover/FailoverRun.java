package dev.tandem.failover;

import java.util.List;

/**
 * A failover as it ended: the plan and, when it was applied, what happened to each group.
 *
 * @param result dry-run, refused (nothing changed), no-op (nothing to change), applied, or partial
 *               (some groups were refused or differ at apply time)
 */
public record FailoverRun(String runId, String operator, boolean dryRun, FailoverPlan plan,
                          List<GroupMover.Outcome> outcomes, String result) {

    public static final String DRY_RUN = "dry-run";
    public static final String REFUSED = "refused";
    public static final String NO_OP = "no-op";
    public static final String APPLIED = "applied";
    public static final String PARTIAL = "partial";

    public FailoverRun {
        outcomes = List.copyOf(outcomes);
    }

    /** Whether the run refused (at planning or at apply time): exit 4. */
    public boolean refused() {
        return result.equals(REFUSED) || result.equals(PARTIAL);
    }
}
