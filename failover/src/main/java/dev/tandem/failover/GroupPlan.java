package dev.tandem.failover;

import dev.tandem.client.Partition;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plan for one group: its partition moves, the reasons it must not be moved (refusals), and
 * what the operator should know (warnings, including refusals overridden by {@code --force}).
 *
 * @param committedWhenPlanned the group's offsets on the target when planned: applying checks
 *                             that they did not change since (compare-and-set)
 */
public record GroupPlan(String group, List<PartitionMove> moves, List<String> refusals, List<String> warnings,
                        int membersWhenPlanned, Map<Partition, Long> committedWhenPlanned) {

    public GroupPlan {
        moves = List.copyOf(moves);
        refusals = List.copyOf(refusals);
        warnings = List.copyOf(warnings);
        committedWhenPlanned = Map.copyOf(committedWhenPlanned);
    }

    /** The same plan with {@code notes} told before its own warnings. */
    public GroupPlan withWarningsFirst(List<String> notes) {
        if (notes.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(notes);
        all.addAll(warnings);
        return new GroupPlan(group, moves, refusals, all, membersWhenPlanned, committedWhenPlanned);
    }

    public boolean refused() {
        return !refusals.isEmpty();
    }

    /** The offsets applying this plan commits: every partition whose action is MOVE. */
    public Map<Partition, Long> commits() {
        Map<Partition, Long> commits = new TreeMap<>();
        moves.stream().filter(m -> m.action() == PartitionMove.Action.MOVE)
                .forEach(m -> commits.put(m.target(), m.commitOffset().getAsLong()));
        return commits;
    }
}
