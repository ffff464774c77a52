package dev.tandem.offsets;

import java.time.Instant;
import java.util.Objects;

/**
 * The exact position of one replicated record: source offset {@code sourceOffset} of a source
 * partition was written at {@code targetOffset} of the target partition. Recorded at the edges of
 * every gap (and periodically), so that every source offset can be translated.
 *
 * @param endsSegment whether the next replicated record follows a gap (on the source or the target)
 */
public record SyncPoint(String sourceTopic, int partition, long sourceOffset, long targetOffset, Instant time,
                        boolean endsSegment) {

    public SyncPoint {
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        // Millisecond precision, as every store and the topic format keep it.
        time = Objects.requireNonNull(time, "time").truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (partition < 0 || sourceOffset < 0 || targetOffset < 0) {
            throw new IllegalArgumentException("negative partition or offset: " + partition + ", " + sourceOffset
                    + " -> " + targetOffset);
        }
    }

    /** target offset minus source offset: constant across a run of records with no gap on either side. */
    public long delta() {
        return targetOffset - sourceOffset;
    }
}
