package dev.tandem.checkpoints;

import dev.tandem.client.Partition;
import dev.tandem.client.Checkpoint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which translated offsets {@code sync-group-offsets} commits to a consumer group on the
 * target: never while the group has active members there (they own their offsets), never for a
 * partition without a translation, and never backwards (a group that already read further on the
 * target keeps its position).
 */
public final class TargetGroupSync {

    private TargetGroupSync() {
    }

    /** The group as found on the target cluster: whether members are active, and its committed offsets. */
    public record TargetGroup(String group, boolean active, Map<Partition, Long> committed) {

        public TargetGroup {
            committed = Map.copyOf(committed);
        }
    }

    /** What to do with one group. */
    public sealed interface Decision {

        /** Commit these offsets (target partition -> offset). */
        record Commit(String group, Map<Partition, Long> offsets) implements Decision {
            public Commit {
                offsets = Map.copyOf(offsets);
            }
        }

        /** Leave the group alone, for this reason. */
        record Skip(String group, String reason) implements Decision {
        }
    }

    /** @param checkpoints the group's latest checkpoints */
    public static Decision decide(TargetGroup target, List<Checkpoint> checkpoints) {
        if (target.active()) {
            return new Decision.Skip(target.group(), "it has active members on the target");
        }
        Map<Partition, Long> offsets = new TreeMap<>();
        for (Checkpoint checkpoint : checkpoints) {
            if (checkpoint.targetOffset().isEmpty()) {
                continue;
            }
            long translated = checkpoint.targetOffset().getAsLong();
            Long current = target.committed().get(checkpoint.targetPartition());
            if (current == null || current < translated) {
                offsets.put(checkpoint.targetPartition(), translated);
            }
        }
        return offsets.isEmpty()
                ? new Decision.Skip(target.group(), "it is already at or past its checkpoints on the target")
                : new Decision.Commit(target.group(), offsets);
    }
}
