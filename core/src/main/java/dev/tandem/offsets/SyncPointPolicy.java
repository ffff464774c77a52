package dev.tandem.offsets;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides, for one partition, which replicated records become sync points. Acknowledgements must
 * be fed in source-offset order (the idempotent producer acknowledges a partition in order).
 *
 * <p>A <em>segment</em> is a run of replicated records whose source offsets and target offsets
 * both increase by one. Recorded are: the first record, the first and the last record of every
 * segment (a gap on the source from transaction markers, compaction, retention or skipped
 * records, or on the target from other writers, ends a segment; its last record is recorded
 * again, flagged {@code endsSegment}, if it was recorded already), and a record at least every
 * {@code interval}. So between a sync point that does not end a segment and the next one lie
 * only records of that segment: translation is exact.
 */
public final class SyncPointPolicy {

    private final String topic;
    private final int partition;
    private final Duration interval;
    private long previousSource = -1;
    private long previousTarget = -1;
    private Instant previousTime;
    /** When the next sync point is due: a sync point's time plus the interval (kept, not computed per record). */
    private Instant nextDue = Instant.EPOCH;

    public SyncPointPolicy(String topic, int partition, Duration interval) {
        this.topic = topic;
        this.partition = partition;
        this.interval = interval;
    }

    /** The sync points this acknowledgement produces: none, this record, or also the previous one. */
    public List<SyncPoint> onReplicated(long sourceOffset, long targetOffset, Instant now) {
        if (sourceOffset <= previousSource || targetOffset <= previousTarget) {
            throw new IllegalStateException(topic + "-" + partition + ": acknowledgement " + sourceOffset + " -> "
                    + targetOffset + " after " + previousSource + " -> " + previousTarget + " (out of order)");
        }
        boolean first = previousSource < 0;
        boolean gap = !first && (sourceOffset != previousSource + 1 || targetOffset != previousTarget + 1);
        boolean due = !now.isBefore(nextDue);
        List<SyncPoint> points;
        if (gap) {
            points = List.of(new SyncPoint(topic, partition, previousSource, previousTarget, previousTime, true),
                    new SyncPoint(topic, partition, sourceOffset, targetOffset, now, false));
        } else if (first || due) {
            points = List.of(new SyncPoint(topic, partition, sourceOffset, targetOffset, now, false));
        } else {
            points = List.of(); // the common case: no allocation per record
        }
        previousSource = sourceOffset;
        previousTarget = targetOffset;
        previousTime = now;
        if (!points.isEmpty()) {
            nextDue = now.plus(interval);
        }
        return points;
    }
}
