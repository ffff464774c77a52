package dev.tandem.offsets;

import dev.tandem.client.Translation;
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
    private final ReplicationPosition position;

    /**
     * @param syncPoints sync points of one partition, any order
     * @param position   how far the partition has been replicated, and from where its sync points are complete
     */
    public OffsetTranslator(List<SyncPoint> syncPoints, ReplicationPosition position) {
        List<SyncPoint> sorted = new ArrayList<>(syncPoints);
        sorted.sort(Comparator.comparingLong(SyncPoint::sourceOffset));
        this.syncPoints = List.copyOf(sorted);
        this.position = position;
    }

    /**
     * The translator the other way round, for failback: a committed offset on the target
     * translates to the source offset of the first replicated record at or after it. The same
     * sync points serve, with source and target swapped: a gap on either side ends a segment.
     */
    public static OffsetTranslator backwards(List<SyncPoint> syncPoints, ReplicationPosition position) {
        List<SyncPoint> swapped = syncPoints.stream().map(p -> new SyncPoint(p.sourceTopic(), p.partition(),
                p.targetOffset(), p.sourceOffset(), p.time(), p.endsSegment())).toList();
        long historyStart = position.historyStart() == 0 ? 0
                : swapped.stream().mapToLong(SyncPoint::sourceOffset).min().orElse(Long.MAX_VALUE);
        return new OffsetTranslator(swapped, new ReplicationPosition(historyStart, position.nextTargetOffset(),
                position.nextSourceOffset()));
    }

    public Translation translate(long committedSourceOffset) {
        int index = lastAtOrBefore(committedSourceOffset);
        if (index < 0) {
            // Before the oldest sync point: the first replicated record is the oldest sync point,
            // unless older sync points were pruned (then nothing is known).
            return syncPoints.isEmpty() || committedSourceOffset < position.historyStart()
                    ? new Translation.NoSyncPoint() : new Translation.Exact(syncPoints.get(0).targetOffset());
        }
        SyncPoint segment = syncPoints.get(index);
        long candidate = committedSourceOffset + segment.delta();
        if (committedSourceOffset == segment.sourceOffset()) {
            return new Translation.Exact(segment.targetOffset());
        }
        if (index + 1 < syncPoints.size()) {
            // Inside a segment the offsets run in step; after a segment's last record comes a gap,
            // and the next replicated record is the next sync point. A segment may also end without
            // knowing it: records deleted on the source before they were copied (retention while the
            // flow was stopped), after which the next run resumes past them. The first replicated record
            // at or after the offset is then the next sync point, never one after it.
            long next = syncPoints.get(index + 1).targetOffset();
            return new Translation.Exact(segment.endsSegment() ? next : Math.min(candidate, next));
        }
        // The newest segment: in step up to the newest replicated record; beyond it, markers or
        // aborted records already passed over, then records not replicated yet.
        long nextTarget = Math.max(position.nextTargetOffset(), segment.targetOffset() + 1);
        long nextSource = Math.max(position.nextSourceOffset(), segment.sourceOffset() + 1);
        if (committedSourceOffset <= nextSource) {
            return new Translation.Exact(Math.min(candidate, nextTarget));
        }
        return new Translation.AheadOfReplication(nextTarget, committedSourceOffset - nextSource);
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
