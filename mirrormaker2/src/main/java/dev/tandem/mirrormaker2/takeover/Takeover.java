package dev.tandem.mirrormaker2.takeover;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a flow may take over from MirrorMaker 2, and from where. Pure: what was read in, a
 * verdict out. Every selected source partition MirrorMaker 2 copied and the flow has no progress
 * of its own for starts after the last record MirrorMaker 2 copied; partitions with progress of
 * the flow's own keep it. Refused while MirrorMaker 2 runs (its worker group has members) or
 * copies (a position moved between two readings); while another replicator of the flow runs (the
 * first one takes over alone); when a position is past its source partition's end (the topic was
 * recreated) or its replica on the target is empty or missing (the flow's naming is not
 * MirrorMaker 2's: records before the position would never reach the flow's replica); and when
 * there is nothing to take over from and no progress of the flow's own either.
 */
public final class Takeover {

    private static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);

    private Takeover() {
    }

    /** The outcome: refused with a reason, or the positions to start from (possibly none). */
    public sealed interface Verdict {
    }

    /** @param reason one line saying what was found, where, and what to do */
    public record Refused(String reason) implements Verdict {
    }

    /** @param start the next source offset of each source partition to take over (after MirrorMaker 2's last copy) */
    public record Start(Map<TopicPartition, Long> start) implements Verdict {
        public Start {
            Map<TopicPartition, Long> sorted = new TreeMap<>(ORDER);
            sorted.putAll(start);
            start = java.util.Collections.unmodifiableMap(sorted);
        }
    }

    /**
     * Where things were read, for the messages.
     *
     * @param source       the alias MirrorMaker 2 knows the source by
     * @param offsetsTopic where MirrorMaker 2's positions were looked for, on {@code target}
     * @param flowGroup    the flow's consumer group on the source
     */
    public record Where(String flow, String source, String target, String offsetsTopic, String flowGroup) {
    }

    /**
     * What was read, keyed by source partition.
     *
     * @param first         MirrorMaker 2's positions; empty when the offsets topic does not exist
     * @param again         the same, read {@code apart} later; empty when not read again
     * @param workerMembers members of MirrorMaker 2's worker group now
     * @param flowMembers   members of the flow's consumer group on the source now (other replicators)
     * @param own           the flow's own progress: next source offset per source partition
     * @param sourceEnds    end offsets of the source partitions MirrorMaker 2 has positions of that exist now
     * @param replicaEnds   end offsets on the target of the replica partitions, by replica partition
     */
    public record Readings(Optional<Mm2Positions> first, Optional<Mm2Positions> again, int workerMembers,
                           int flowMembers, Map<TopicPartition, Long> own, Map<TopicPartition, Long> sourceEnds,
                           Map<TopicPartition, Long> replicaEnds) {
    }

    /**
     * @param selected whether the flow selects a source topic
     * @param replica  the flow's replica of a source topic
     */
    public static Verdict decide(Where where, Readings read, Duration apart, Predicate<String> selected,
                                 UnaryOperator<String> replica) {
        if (read.workerMembers() > 0) {
            return new Refused("MirrorMaker 2 still runs: its worker group " + Mm2Positions.workerGroup(where.source())
                    + " on " + where.target() + " has " + read.workerMembers() + " member(s); stop MirrorMaker 2 first"
                    + " (a takeover continues where it stopped; both copying at once would write records twice)");
        }
        Map<TopicPartition, Long> copied = new TreeMap<>(ORDER);
        read.first().ifPresent(p -> p.lastCopied().forEach((tp, offset) -> {
            if (selected.test(tp.topic()) && read.sourceEnds().containsKey(tp)) {
                copied.put(tp, offset);
            }
        }));
        if (copied.isEmpty()) {
            if (!read.own().isEmpty()) {
                return new Start(Map.of());
            }
            String found = read.first().isEmpty() ? "the topic does not exist"
                    : read.first().get().lastCopied().isEmpty() ? "it holds no position of cluster " + where.source()
                    : "it holds positions of cluster " + where.source() + " only for topics the flow does not select";
            return new Refused("no MirrorMaker 2 positions to take over from: looked in " + where.offsetsTopic() + " on "
                    + where.target() + " for cluster " + where.source() + ", and " + found + " (the cluster names must be"
                    + " MirrorMaker 2's aliases; without a MirrorMaker 2 to take over from, remove start:"
                    + " from-mirrormaker2)");
        }
        Map<TopicPartition, Long> start = new TreeMap<>(ORDER);
        for (Map.Entry<TopicPartition, Long> position : copied.entrySet()) {
            TopicPartition tp = position.getKey();
            if (read.own().containsKey(tp)) {
                continue;
            }
            long next = Mm2Positions.next(position.getValue());
            long end = read.sourceEnds().get(tp);
            if (next > end) {
                return new Refused("MirrorMaker 2's position of " + tp + " (last copied " + position.getValue()
                        + ") is past the partition's end " + end + " on " + where.source() + ": the topic was recreated"
                        + " or truncated since; its records would be skipped. Delete MirrorMaker 2's " + where.offsetsTopic()
                        + " on " + where.target() + " (and its replica) to copy the topic from its first record");
            }
            TopicPartition replicaPartition = new TopicPartition(replica.apply(tp.topic()), tp.partition());
            Long replicaEnd = read.replicaEnds().get(replicaPartition);
            if (replicaEnd == null || replicaEnd == 0) {
                return new Refused("MirrorMaker 2 copied " + tp + " up to offset " + position.getValue() + ", but the"
                        + " flow's replica " + replicaPartition + " on " + where.target() + (replicaEnd == null
                        ? " does not exist" : " is empty") + ": the flow's naming does not name MirrorMaker 2's replicas"
                        + " (check naming and prefix-separator against its replication policy), and the records MirrorMaker"
                        + " 2 copied would never reach it");
            }
            start.put(tp, next);
        }
        if (!start.isEmpty() && read.flowMembers() > 0) {
            return new Refused("another replicator of flow " + where.flow() + " runs (group " + where.flowGroup() + " on "
                    + where.source() + " has " + read.flowMembers() + " member(s)): the first replicator of the flow takes"
                    + " over alone; stop the others, start one, then the rest");
        }
        if (read.again().isPresent()) {
            for (TopicPartition tp : start.keySet()) {
                Long later = read.again().get().lastCopied().get(tp);
                if (later != null && later.longValue() != copied.get(tp)) {
                    return new Refused("MirrorMaker 2 still copies: its position of " + tp + " in " + where.offsetsTopic()
                            + " on " + where.target() + " moved from " + copied.get(tp) + " to " + later + " within "
                            + apart.toSeconds() + " s; stop MirrorMaker 2 first");
                }
            }
        }
        return new Start(start);
    }
}
