package dev.tandem.failover;

import dev.tandem.client.Partition;
import dev.tandem.kafka.ConsumerGroups;
import java.util.OptionalLong;

/**
 * One partition of a group's move to the other cluster.
 *
 * @param target         the partition the group reads on the cluster it moves to
 * @param sourceTopic    the topic it read before (on the cluster it leaves)
 * @param sourceOffset   its committed offset there, from the checkpoint
 * @param targetOffset   where it resumes, from the checkpoint; empty when the checkpoint has none
 * @param kind           the checkpoint's kind, or {@link MoveKind#BY_TIMESTAMP} when it had no position
 *                       and the target offset was found by the group's last commit time
 * @param checkpointAgeMs the checkpoint's age when planned
 * @param currentOffset  the group's committed offset on the cluster it moves to now, if any
 * @param log            the partition's offsets on the cluster it moves to
 * @param notOnTarget    records the group already read that never reached this cluster (RPO)
 */
public record PartitionMove(Partition target, String sourceTopic, long sourceOffset, OptionalLong targetOffset,
                            MoveKind kind, long checkpointAgeMs, OptionalLong currentOffset, ConsumerGroups.LogRange log,
                            long notOnTarget) {

    /** What applying the plan does to this partition. */
    public enum Action { MOVE, UNCHANGED, SKIP }

    public Action action() {
        if (commitOffset().isEmpty()) {
            return Action.SKIP;
        }
        return currentOffset.isPresent() && currentOffset.getAsLong() == commitOffset().getAsLong()
                ? Action.UNCHANGED : Action.MOVE;
    }

    /**
     * The offset committed: the target offset kept within the partition's log, because a consumer
     * whose offset is out of range falls back on its auto.offset.reset (often "latest": the whole
     * backlog skipped). Below the start, the records were deleted by retention anyway.
     */
    public OptionalLong commitOffset() {
        if (targetOffset.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(log.start(), Math.min(log.end(), targetOffset.getAsLong())));
    }

    /** Records the group will read on the target from its new position to the partition's end. */
    public long toRead() {
        return commitOffset().isEmpty() ? 0 : log.end() - commitOffset().getAsLong();
    }

    /** Records the group read on the target already and will read again (the move goes backwards). */
    public long reread() {
        if (commitOffset().isEmpty() || currentOffset.isEmpty()) {
            return 0;
        }
        return Math.max(0, currentOffset.getAsLong() - commitOffset().getAsLong());
    }
}
