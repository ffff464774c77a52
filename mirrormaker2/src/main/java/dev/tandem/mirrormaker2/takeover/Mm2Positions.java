package dev.tandem.mirrormaker2.takeover;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What MirrorMaker 2 copied of one source cluster, as its offsets topic on the target says: per
 * source partition, the offset of the last record it copied.
 *
 * @param topic     where they were read (for the messages)
 * @param cluster   the target cluster that holds it
 * @param lastCopied per source partition; empty when the topic has no position of the source
 */
public record Mm2Positions(String topic, String cluster, Map<TopicPartition, Long> lastCopied) {

    public Mm2Positions {
        Map<TopicPartition, Long> sorted = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        sorted.putAll(lastCopied);
        lastCopied = java.util.Collections.unmodifiableMap(sorted);
    }

    /** The Connect offsets topic MirrorMaker 2 in dedicated mode keeps on the target for flows from {@code source}. */
    public static String offsetsTopic(String source) {
        return "mm2-offsets." + source + ".internal";
    }

    /** The Connect worker group of MirrorMaker 2's flows from {@code source}, on the target (dedicated mode). */
    public static String workerGroup(String source) {
        return source + "-mm2";
    }

    /** Where the next copy of a partition starts: after the last record MirrorMaker 2 copied. */
    public static long next(long lastCopied) {
        return lastCopied + 1;
    }
}
