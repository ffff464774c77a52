package dev.tandem.client;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where consumer group {@code group} would resume on the target for one source partition: its
 * committed source offset and the translation of that offset.
 *
 * @param committedAt    when the checkpointer first saw the group at {@code sourceOffset} (Kafka does
 *                       not expose commit times; this is within one checkpoint interval of the commit)
 * @param checkpointedAt when the checkpointer last wrote or confirmed this checkpoint
 * @param committedAfter when the checkpointer last wrote or confirmed the group's previous offset
 *                       here (that checkpoint's {@code checkpointedAt}): the commit was made between
 *                       this and {@code committedAt}. Empty when the checkpointer never saw another
 *                       offset of the group here (a new group, or a commit older than every
 *                       checkpoint): then the commit may be older than {@code committedAt} says
 */
public record Checkpoint(String flow, String group, String sourceTopic, int partition, long sourceOffset,
                         String targetTopic, Translation translation, Instant committedAt, Instant checkpointedAt,
                         Optional<Instant> committedAfter) {

    public Checkpoint {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(targetTopic, "targetTopic");
        Objects.requireNonNull(translation, "translation");
        // Millisecond precision, as the store and the topic keep it.
        committedAt = Objects.requireNonNull(committedAt, "committedAt").truncatedTo(ChronoUnit.MILLIS);
        checkpointedAt = Objects.requireNonNull(checkpointedAt, "checkpointedAt").truncatedTo(ChronoUnit.MILLIS);
        committedAfter = Objects.requireNonNull(committedAfter, "committedAfter").map(t -> t.truncatedTo(ChronoUnit.MILLIS));
        if (partition < 0 || sourceOffset < 0) {
            throw new IllegalArgumentException("negative partition or offset: " + partition + ", " + sourceOffset);
        }
    }

    /** A checkpoint whose commit is not bounded from below (see {@code committedAfter}). */
    public Checkpoint(String flow, String group, String sourceTopic, int partition, long sourceOffset,
                      String targetTopic, Translation translation, Instant committedAt, Instant checkpointedAt) {
        this(flow, group, sourceTopic, partition, sourceOffset, targetTopic, translation, committedAt, checkpointedAt,
                Optional.empty());
    }

    public Partition sourcePartition() {
        return new Partition(sourceTopic, partition);
    }

    public Partition targetPartition() {
        return new Partition(targetTopic, partition);
    }

    public CheckpointKind kind() {
        return CheckpointKind.of(translation);
    }

    /** The target offset the group resumes at; empty when no sync point covers its offset. */
    public OptionalLong targetOffset() {
        if (translation instanceof Translation.Exact exact) {
            return OptionalLong.of(exact.targetOffset());
        }
        if (translation instanceof Translation.MirrorMaker2 mm2) {
            return OptionalLong.of(mm2.targetOffset());
        }
        return translation instanceof Translation.AheadOfReplication ahead
                ? OptionalLong.of(ahead.targetOffset()) : OptionalLong.empty();
    }

    /** Records the group consumed on the source that are not on the target yet (RPO exposure); 0 unless ahead. */
    public long recordsNotYetReplicated() {
        return translation instanceof Translation.AheadOfReplication a ? a.recordsNotYetReplicated() : 0;
    }

    /** Time since the checkpointer last confirmed this checkpoint. */
    public Duration age(Instant now) {
        Duration age = Duration.between(checkpointedAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
