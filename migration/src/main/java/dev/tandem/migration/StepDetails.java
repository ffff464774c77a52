package dev.tandem.migration;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.Partition;
import dev.tandem.migration.drain.DrainWatch;
import dev.tandem.playbook.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What a migration's steps say when they stop it: one line each, naming the partitions and groups. */
final class StepDetails {

    private static final int SHOWN = 10;

    private StepDetails() {
    }

    /**
     * The checkpoints' partitions whose offset in {@code committed} differs from the checkpoint's,
     * as {@code group topic-p (first, then second)}: with {@code beforeCheckpoint}, committed is the
     * earlier of the two.
     */
    static List<String> changedSince(Map<String, Map<Partition, Long>> committed, List<Checkpoint> taken,
                                     boolean beforeCheckpoint) {
        List<String> changed = new ArrayList<>();
        for (Checkpoint c : taken) {
            Long other = committed.getOrDefault(c.group(), Map.of()).get(c.sourcePartition());
            if (other != null && other != c.sourceOffset()) {
                long first = beforeCheckpoint ? other : c.sourceOffset();
                long second = beforeCheckpoint ? c.sourceOffset() : other;
                changed.add(c.group() + " " + c.sourcePartition() + " (" + first + ", then " + second + ")");
            }
        }
        return changed;
    }

    /** Why a drain did not end in time: the partitions still written to, and those the replica is behind on. */
    static String notDrained(DrainWatch.State state, Flow flow, Duration timeout) {
        StringBuilder text = new StringBuilder("not drained after " + timeout.toSeconds() + " s:");
        if (!state.moving().isEmpty()) {
            text.append(" still written to (or a transaction open) on ").append(flow.source()).append(": ")
                    .append(names(state.moving())).append(';');
        }
        if (!state.behind().isEmpty()) {
            text.append(" the replica is ").append(state.recordsBehind()).append(" offsets behind on ")
                    .append(names(state.behind())).append(" (is tandem replicate running for flow ")
                    .append(flow.name()).append("?);");
        }
        return text.append(" nothing was moved").toString();
    }

    private static String names(List<Partition> partitions) {
        String listed = partitions.stream().limit(SHOWN).map(Partition::toString).collect(Collectors.joining(", "));
        return partitions.size() > SHOWN ? listed + " and " + (partitions.size() - SHOWN) + " more" : listed;
    }
}
