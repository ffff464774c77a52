package dev.tandem.failover;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointKind;
import dev.tandem.client.CheckpointSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * With {@code --from-mm2}: which checkpoint of each group and partition a move uses, Tandem's or
 * MirrorMaker 2's. Tandem's wins where it is exact (it names the very record the group reads next),
 * and where it saw the group at an earlier source offset than MirrorMaker 2's checkpoint is of (the
 * group was moved back since MirrorMaker 2 checkpointed it: MirrorMaker 2's would skip records);
 * elsewhere MirrorMaker 2's is used where there is one (it may re-read, never skips), and Tandem's
 * otherwise. Pure.
 */
public final class Mm2CheckpointChoice {

    private Mm2CheckpointChoice() {
    }

    /**
     * @param checkpoints the checkpoints chosen, ordered as {@link CheckpointSource#latest} orders them
     * @param notes       per group, what the plan should say about the choice (Tandem's exact over MirrorMaker 2's)
     */
    public record Chosen(List<Checkpoint> checkpoints, Map<String, List<String>> notes) {
        public Chosen {
            checkpoints = List.copyOf(checkpoints);
            notes = Map.copyOf(notes);
        }
    }

    public static Chosen choose(List<Checkpoint> tandem, List<Checkpoint> mirrorMaker2) {
        Map<List<Object>, Checkpoint> ours = new LinkedHashMap<>();
        tandem.forEach(c -> ours.put(key(c), c));
        Map<List<Object>, Checkpoint> chosen = new LinkedHashMap<>(ours);
        Map<String, List<String>> notes = new TreeMap<>();
        for (Checkpoint mm2 : mirrorMaker2) {
            Checkpoint own = ours.get(key(mm2));
            if (own != null && own.kind() == CheckpointKind.EXACT) {
                notes.computeIfAbsent(own.group(), g -> new ArrayList<>()).add(own.targetPartition() + ": Tandem's exact"
                        + " checkpoint (offset " + own.targetOffset().getAsLong() + ") is used, not MirrorMaker 2's (offset "
                        + mm2.targetOffset().getAsLong() + ")");
            } else if (own != null && own.sourceOffset() < mm2.sourceOffset()) {
                notes.computeIfAbsent(own.group(), g -> new ArrayList<>()).add(own.targetPartition() + ": MirrorMaker 2's"
                        + " checkpoint is of source offset " + mm2.sourceOffset() + ", past the group's offset "
                        + own.sourceOffset() + " that Tandem saw later (the group was moved back since): it would skip"
                        + " records, so Tandem's (" + own.kind().wireName() + ") is used");
            } else {
                chosen.put(key(mm2), mm2);
            }
        }
        return new Chosen(chosen.values().stream().sorted(CheckpointSource.ORDER).toList(), notes);
    }

    private static List<Object> key(Checkpoint c) {
        return List.of(c.group(), c.sourceTopic(), c.partition());
    }
}
