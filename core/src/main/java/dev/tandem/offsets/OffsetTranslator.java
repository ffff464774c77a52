package dev.tandem.offsets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Translates committed source offsets of one partition into target offsets, exactly, from its
 * sync points. A committed offset S means "the next record to read is S"; its translation is the
 * target offset of the first replicated record whose source offset is >= S.
 *
 * <p>Pure: sync points in, answers out. Relies on the {@link SyncPointPolicy} invariant: after a
 * sync point that does not end a segment, source and target offsets run in step up to the next
 * sync point; after one that ends a segment, the next replicated record is the next sync point.
 * Where one run re-replicated records of an earlier one (a restart), only the newest run's sync
 * points may be passed in: see {@link SyncPointHistory}.
 */
public final class OffsetTranslator {

    private final List<SyncPoint> syncPoints;
    private final long lastReplicatedSource;

    /**
     * @param syncPoints           sync points of one partition, any order
     * @param lastReplicatedSource source offset of the newest record known to be on the target
     *                             (at least the newest sync point's)
     */
    public OffsetTranslator(List<SyncPoint> syncPoints, long lastReplicatedSource) {
        List<SyncPoint> sorted = new ArrayList<>(syncPoints);
        sorted.sort(Comparator.comparingLong(SyncPoint::sourceOffset));
        this.syncPoints = List.copyOf(sorted);
        long newest = sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1).sourceOffset();
        this.lastReplicatedSource = Math.max(newest, lastReplicatedSource);
    }

    public Translation translate(long committedSourceOffset) {
        int index = lastAtOrBefore(committedSourceOffset);
        if (index < 0) {
            // Before the oldest known sync point: exact only if nothing was replicated earlier,
            // which these sync points cannot prove (older ones may have been pruned).
            return new Translation.NoSyncPoint();
        }
        SyncPoint segment = syncPoints.get(index);
        long candidate = committedSourceOffset + segment.delta();
        if (committedSourceOffset == segment.sourceOffset()) {
            return new Translation.Exact(segment.targetOffset());
        }
        if (index + 1 < syncPoints.size()) {
            // Inside a segment the offsets run in step; after a segment's last record comes a gap,
            // and the next replicated record is the next sync point.
            return new Translation.Exact(segment.endsSegment() ? syncPoints.get(index + 1).targetOffset() : candidate);
        }
        long nextToReplicate = lastReplicatedSource + 1;
        if (committedSourceOffset <= nextToReplicate) {
            return new Translation.Exact(candidate);
        }
        return new Translation.AheadOfReplication(nextToReplicate + segment.delta(),
                committedSourceOffset - nextToReplicate);
    }

    private int lastAtOrBefore(long sourceOffset) {
        int low = 0;
        int high = syncPoints.size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (syncPoints.get(mid).sourceOffset() <= sourceOffset) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }
}
