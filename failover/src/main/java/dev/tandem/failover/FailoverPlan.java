package dev.tandem.failover;

import java.time.Instant;
import java.util.List;

/**
 * A failover (or failback) of consumer groups from cluster {@code from} to cluster {@code to}.
 *
 * @param checkpointsFrom where the checkpoints were read: the store, or the target cluster's topic
 */
public record FailoverPlan(Direction direction, String flow, String from, String to,
                           CheckpointOrigin checkpointsFrom, Instant plannedAt, List<GroupPlan> groups) {

    public FailoverPlan {
        groups = List.copyOf(groups);
    }

    public boolean refused() {
        return groups.stream().anyMatch(GroupPlan::refused);
    }

    /** Whether applying would change nothing: every partition is already where its checkpoint says. */
    public boolean noOp() {
        return groups.stream().allMatch(g -> g.commits().isEmpty());
    }
}
