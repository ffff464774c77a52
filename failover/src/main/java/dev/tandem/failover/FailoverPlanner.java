package dev.tandem.failover;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointKind;
import dev.tandem.client.Partition;
import dev.tandem.kafka.ConsumerGroups;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides, for one consumer group, where each of its partitions resumes on the other cluster and
 * whether it may be moved at all. Pure: checkpoints and the target's state in, a plan out.
 *
 * <p>Refused (all can be overridden with {@code --force} except the first): no checkpoint at all;
 * members active on the target (they own their offsets); a checkpoint older than the playbook's
 * {@code failover.max-checkpoint-age}; a partition whose checkpoint has no target offset (forced:
 * that partition is left as it is; with {@code --by-timestamp} it is moved, approximately, by the
 * time of the group's last commit: see {@link #lookupTime}). Warned:
 * records the group read that are not on the target, a target offset outside the partition's
 * log, every partition moved by timestamp.
 */
public final class FailoverPlanner {

    private final Duration maxCheckpointAge;
    private final boolean force;
    private final Optional<Duration> byTimestamp;

    public FailoverPlanner(Duration maxCheckpointAge, boolean force) {
        this(maxCheckpointAge, force, Optional.empty());
    }

    /**
     * @param byTimestamp with --by-timestamp, the flow's checkpoint interval: partitions without a
     *                    translated position move by their last commit time, known within it
     */
    public FailoverPlanner(Duration maxCheckpointAge, boolean force, Optional<Duration> byTimestamp) {
        this.maxCheckpointAge = maxCheckpointAge;
        this.force = force;
        this.byTimestamp = byTimestamp;
    }

    /**
     * The time a partition without position resumes from with --by-timestamp: when the checkpointer
     * last vouched for the group's previous offset ({@code committedAfter}; the commit came later), so
     * that what was written between then and the commit is read again rather than skipped. When the
     * checkpointer never saw an earlier offset, one checkpoint interval before it first saw this
     * one: right if the group committed while the checkpointer ran, too late if it committed before.
     */
    public static Instant lookupTime(Checkpoint checkpoint, Duration checkpointInterval) {
        return checkpoint.committedAfter().orElse(checkpoint.committedAt().minus(checkpointInterval));
    }

    public GroupPlan plan(String group, List<Checkpoint> checkpoints, ConsumerGroups.Standing target,
                          Map<Partition, ConsumerGroups.LogRange> logs, Instant now) {
        return plan(group, checkpoints, target, logs, Map.of(), now);
    }

    /**
     * @param checkpoints the group's latest checkpoints of the flow
     * @param target      the group as it stands on the cluster it moves to
     * @param logs        the offsets of the target partitions
     * @param byTime      with {@code --by-timestamp}: per target partition, the offset of the first
     *                    record at or after each {@link #lookupTime} of a checkpoint without a
     *                    position (empty: no such record)
     */
    public GroupPlan plan(String group, List<Checkpoint> checkpoints, ConsumerGroups.Standing target,
                          Map<Partition, ConsumerGroups.LogRange> logs, Map<Partition, Map<Instant, OptionalLong>> byTime,
                          Instant now) {
        List<String> refusals = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (checkpoints.isEmpty()) {
            refusals.add("no checkpoint: is the group selected by the flow's groups filter, and did tandem replicate"
                    + " run while it committed?" + (byTimestamp.isPresent() ? " (--by-timestamp cannot help: Tandem never saw this"
                    + " group commit, so neither its partitions nor its commit time are known)" : ""));
        }
        if (target.active()) {
            refuseUnlessForced(refusals, warnings, "it has " + target.members() + " active member(s) on the target;"
                    + " stop them first (or --force, which removes them)");
        }
        List<PartitionMove> moves = new ArrayList<>();
        long byMirrorMaker2 = checkpoints.stream().filter(c -> c.kind() == CheckpointKind.MM2).count();
        if (byMirrorMaker2 > 0) {
            warnings.add(byMirrorMaker2 + " partition(s) move by MirrorMaker 2's checkpoints (kind mm2): its translation"
                    + " may re-read records the group already processed (it never skips); MirrorMaker 2 writes a"
                    + " checkpoint only when its translation moves, and none once stopped, so their age tells neither"
                    + " when the group last committed nor whether MirrorMaker 2 still ran: failover.max-checkpoint-age"
                    + " does not apply to them");
        }
        for (Checkpoint c : checkpoints) {
            if (!logs.containsKey(c.targetPartition())) {
                refuseUnlessForced(refusals, warnings, c.targetPartition() + " does not exist on the target;"
                        + " forced, it is left out");
                continue;
            }
            PartitionMove move = move(c, target, logs, byTime, now);
            moves.add(move);
            check(c, move, refusals, warnings);
        }
        return new GroupPlan(group, moves, refusals, warnings, target.members(), target.committed());
    }

    private PartitionMove move(Checkpoint c, ConsumerGroups.Standing target, Map<Partition, ConsumerGroups.LogRange> logs,
                               Map<Partition, Map<Instant, OptionalLong>> byTime, Instant now) {
        Long current = target.committed().get(c.targetPartition());
        ConsumerGroups.LogRange log = logs.get(c.targetPartition());
        OptionalLong targetOffset = c.targetOffset();
        MoveKind kind = MoveKind.of(c.kind());
        OptionalLong atCommitTime = byTimestamp.map(interval -> byTime.getOrDefault(c.targetPartition(), Map.of())
                .get(lookupTime(c, interval))).orElse(null);
        if (c.kind() == CheckpointKind.NO_SYNC_POINT && atCommitTime != null) {
            // No record at or after the time: the group starts at the end, like a reader caught up.
            targetOffset = OptionalLong.of(atCommitTime.orElse(log.end()));
            kind = MoveKind.BY_TIMESTAMP;
        }
        return new PartitionMove(c.targetPartition(), c.sourceTopic(), c.sourceOffset(), targetOffset, kind,
                c.age(now).toMillis(), current == null ? OptionalLong.empty() : OptionalLong.of(current), log,
                c.recordsNotYetReplicated());
    }

    private void check(Checkpoint c, PartitionMove move, List<String> refusals, List<String> warnings) {
        String where = c.targetPartition().toString();
        if (move.checkpointAgeMs() > maxCheckpointAge.toMillis() && c.kind() != CheckpointKind.MM2) {
            refuseUnlessForced(refusals, warnings, "the checkpoint of " + where + " is " + move.checkpointAgeMs() / 1000
                    + " s old (failover.max-checkpoint-age " + maxCheckpointAge.toSeconds() + " s)");
        }
        if (move.kind() == MoveKind.BY_TIMESTAMP) {
            Instant from = lookupTime(c, byTimestamp.orElseThrow());
            warnings.add(where + ": approximate, by timestamp: offset " + move.targetOffset().getAsLong()
                    + " is the first record written at or after " + from + (c.committedAfter().isPresent()
                    ? " (the group was still at an earlier offset then; Tandem saw its commit at source offset "
                    + c.sourceOffset() + " at " + c.committedAt() + "): records written in between are read again"
                    : " (one checkpoint interval before Tandem first saw the group, at source offset " + c.sourceOffset()
                    + ", at " + c.committedAt() + "; if it committed before that, what was written between its commit"
                    + " and " + from + " is skipped)") + "; records written before " + from + " that the group had not"
                    + " read are skipped");
        } else if (c.kind() == CheckpointKind.NO_SYNC_POINT) {
            refuseUnlessForced(refusals, warnings, where + " has no known position on the target (no sync point;"
                    + " --by-timestamp moves it by its last commit time, approximately); forced, it is left as it is");
        }
        if (move.notOnTarget() > 0) {
            warnings.add(where + ": " + move.notOnTarget() + " records the group read never reached the target (RPO);"
                    + " it resumes after the last one that did");
        }
        move.targetOffset().ifPresent(offset -> {
            if (offset < move.log().start()) {
                warnings.add(where + ": offset " + offset + " is before the partition's start " + move.log().start()
                        + " (deleted by retention); the group will start at " + move.log().start());
            } else if (offset > move.log().end()) {
                warnings.add(where + ": offset " + offset + " is past the partition's end " + move.log().end()
                        + " (the topic was truncated or recreated?); the group will start at " + move.log().end());
            }
        });
    }

    private void refuseUnlessForced(List<String> refusals, List<String> warnings, String reason) {
        if (force) {
            warnings.add("forced: " + reason);
        } else {
            refusals.add(reason);
        }
    }
}
