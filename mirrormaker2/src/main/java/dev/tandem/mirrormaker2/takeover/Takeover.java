package dev.tandem.mirrormaker2.takeover;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a flow may take over from MirrorMaker 2, and from where. Pure: what was read in, a
 * verdict out. Refused while MirrorMaker 2 runs (its worker group has members) or copies (its
 * positions moved between two readings), and when there is nothing to take over from (no
 * position of the source, and no progress of the flow's own either). Otherwise every selected
 * partition MirrorMaker 2 copied and the flow has no progress of its own for starts after the
 * last record MirrorMaker 2 copied; partitions with progress of the flow's own keep it.
 */
public final class Takeover {

    private static final java.util.Comparator<TopicPartition> ORDER = java.util.Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);

    private Takeover() {
    }

    /** The outcome: refused with a reason, or the positions to start from (possibly none). */
    public sealed interface Verdict {
    }

    /** @param reason one line saying what was found, where, and what to do */
    public record Refused(String reason) implements Verdict {
    }

    /** @param start the next source offset of each partition to take over (after MirrorMaker 2's last copy) */
    public record Start(Map<TopicPartition, Long> start) implements Verdict {
        public Start {
            Map<TopicPartition, Long> sorted = new TreeMap<>(ORDER);
            sorted.putAll(start);
            start = java.util.Collections.unmodifiableMap(sorted);
        }
    }

    /**
     * @param source       the alias MirrorMaker 2 knows the source by
     * @param offsetsTopic where MirrorMaker 2's positions were looked for, on {@code target}
     * @param first        the positions read first; empty when the topic does not exist
     * @param again        the same, read {@code apart} later (empty when not read again)
     * @param workerMembers members of MirrorMaker 2's worker group now
     * @param selected     whether the flow selects a source topic
     * @param own          the flow's own progress: next source offset per partition
     */
    public static Verdict decide(String source, String target, String offsetsTopic, Optional<Mm2Positions> first,
                                 Optional<Mm2Positions> again, Duration apart, int workerMembers,
                                 Predicate<String> selected, Map<TopicPartition, Long> own) {
        if (workerMembers > 0) {
            return new Refused("MirrorMaker 2 still runs: its worker group " + Mm2Positions.workerGroup(source) + " on "
                    + target + " has " + workerMembers + " member(s); stop MirrorMaker 2 first (a takeover continues"
                    + " where it stopped; both copying at once would write records twice)");
        }
        Map<TopicPartition, Long> copied = new TreeMap<>(ORDER);
        first.ifPresent(p -> p.lastCopied().forEach((tp, offset) -> {
            if (selected.test(tp.topic())) {
                copied.put(tp, offset);
            }
        }));
        if (copied.isEmpty()) {
            if (!own.isEmpty()) {
                return new Start(Map.of());
            }
            String found = first.isEmpty() ? "the topic does not exist"
                    : first.get().lastCopied().isEmpty() ? "it holds no position of cluster " + source
                    : "it holds positions of cluster " + source + " only for topics the flow does not select";
            return new Refused("no MirrorMaker 2 positions to take over from: looked in " + offsetsTopic + " on " + target
                    + " for cluster " + source + ", and " + found + " (the cluster names must be MirrorMaker 2's aliases;"
                    + " without a MirrorMaker 2 to take over from, remove start: from-mirrormaker2)");
        }
        Map<TopicPartition, Long> start = new TreeMap<>(ORDER);
        copied.forEach((tp, offset) -> {
            if (!own.containsKey(tp)) {
                start.put(tp, Mm2Positions.next(offset));
            }
        });
        if (again.isPresent()) {
            for (TopicPartition tp : start.keySet()) {
                Long later = again.get().lastCopied().get(tp);
                if (later != null && later.longValue() != copied.get(tp)) {
                    return new Refused("MirrorMaker 2 still copies: its position of " + tp + " in " + offsetsTopic + " on "
                            + target + " moved from " + copied.get(tp) + " to " + later + " within " + apart.toSeconds()
                            + " s; stop MirrorMaker 2 first");
                }
            }
        }
        return new Start(start);
    }
}
