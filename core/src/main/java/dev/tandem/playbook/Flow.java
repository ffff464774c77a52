package dev.tandem.playbook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One direction of replication: topics of {@code source} copied to {@code target}, and the
 * consumer groups whose positions are checkpointed for failover.
 *
 * @param replicationFactor replication factor of topics created on the target; empty: the
 *                          target cluster's default
 * @param topicRefresh      how often the source is listed for new matching topics
 * @param checkpointInterval how often consumer-group offsets are translated and stored
 * @param syncGroupOffsets  whether translated offsets are also committed to idle target groups
 * @param delivery          at-least-once (default) or exactly-once
 * @param commitInterval    how often the flow commits what it copied (at-least-once: its saved
 *                          progress, which bounds what a crash copies again; exactly-once: the
 *                          longest a transaction lasts, which bounds how long a read_committed reader
 *                          waits for a record, a caught-up flow ending them sooner); empty: the
 *                          engine's default for the delivery
 * @param start             where a partition without progress of the flow's own starts: its first
 *                          record, or after what MirrorMaker 2 copied of it (a takeover)
 * @param maxBytesPerSecond the most key and value bytes per second the flow copies in one process,
 *                          all its partitions together; empty: no limit
 * @param syncAcls          which of the source's ACLs are copied to the target (none by default)
 */
public record Flow(
        String name,
        String source,
        String target,
        NameFilter topics,
        Naming naming,
        NameFilter groups,
        OptionalInt replicationFactor,
        Duration topicRefresh,
        Duration checkpointInterval,
        boolean syncGroupOffsets,
        DeliveryGuarantee delivery,
        Optional<Duration> commitInterval,
        FlowStart start,
        OptionalLong maxBytesPerSecond,
        AclSync syncAcls) {

    public static final Duration DEFAULT_TOPIC_REFRESH = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
    /** The longest commit-interval of an exactly-once flow: half the producer's transaction.timeout.ms. */
    public static final Duration MAX_TRANSACTION = Duration.ofSeconds(30);

    public Flow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(maxBytesPerSecond, "maxBytesPerSecond");
        Objects.requireNonNull(syncAcls, "syncAcls");
        if (maxBytesPerSecond.isPresent() && maxBytesPerSecond.getAsLong() <= 0) {
            throw new IllegalArgumentException("flow " + name + ": max-bytes-per-second must be positive");
        }
        if (source.equals(target)) {
            throw new IllegalArgumentException("flow " + name + ": source and target are both " + source);
        }
        if (topicRefresh.isNegative() || topicRefresh.isZero()
                || checkpointInterval.isNegative() || checkpointInterval.isZero()
                || commitInterval.filter(d -> d.isNegative() || d.isZero()).isPresent()) {
            throw new IllegalArgumentException("flow " + name + ": intervals must be positive");
        }
    }

    /** A flow that copies no ACLs. */
    public Flow(String name, String source, String target, NameFilter topics, Naming naming, NameFilter groups,
                OptionalInt replicationFactor, Duration topicRefresh, Duration checkpointInterval,
                boolean syncGroupOffsets, DeliveryGuarantee delivery, Optional<Duration> commitInterval,
                FlowStart start, OptionalLong maxBytesPerSecond) {
        this(name, source, target, topics, naming, groups, replicationFactor, topicRefresh, checkpointInterval,
                syncGroupOffsets, delivery, commitInterval, start, maxBytesPerSecond, AclSync.OFF);
    }

    /** A flow without a limit on its rate. */
    public Flow(String name, String source, String target, NameFilter topics, Naming naming, NameFilter groups,
                OptionalInt replicationFactor, Duration topicRefresh, Duration checkpointInterval,
                boolean syncGroupOffsets, DeliveryGuarantee delivery, Optional<Duration> commitInterval,
                FlowStart start) {
        this(name, source, target, topics, naming, groups, replicationFactor, topicRefresh, checkpointInterval,
                syncGroupOffsets, delivery, commitInterval, start, OptionalLong.empty());
    }

    /** A flow that starts a partition without progress at its first record. */
    public Flow(String name, String source, String target, NameFilter topics, Naming naming, NameFilter groups,
                OptionalInt replicationFactor, Duration topicRefresh, Duration checkpointInterval,
                boolean syncGroupOffsets, DeliveryGuarantee delivery, Optional<Duration> commitInterval) {
        this(name, source, target, topics, naming, groups, replicationFactor, topicRefresh, checkpointInterval,
                syncGroupOffsets, delivery, commitInterval, FlowStart.EARLIEST, OptionalLong.empty());
    }

    /** This flow seen from its target: the same name, topics and groups, with source and target swapped (failback). */
    public Flow backwards() {
        return new Flow(name, target, source, topics, naming, groups, replicationFactor, topicRefresh, checkpointInterval,
                syncGroupOffsets, delivery, commitInterval, FlowStart.EARLIEST, maxBytesPerSecond, syncAcls);
    }

    /** The target topic that replicates {@code sourceTopic}. */
    public String targetTopic(String sourceTopic) {
        return naming.targetTopic(source, sourceTopic);
    }
}
