package dev.tandem.replicator.offsets;

import dev.tandem.offsets.SyncPoint;
import dev.tandem.store.Owner;
import dev.tandem.store.SyncPointRepository;
import java.util.List;

/** Where a flow's sync points go before the source offsets they cover are committed. */
@FunctionalInterface
public interface SyncPointSink {

    /**
     * @param points   new sync points, in the order they were recorded
     * @param progress how far each partition that moved has been replicated
     */
    void record(List<SyncPoint> points, List<SyncPointRepository.Progress> progress);

    /**
     * Records them for {@code owner}, the group member their partitions are assigned to: a sink that can
     * tell refuses partitions that moved to another member since ({@link dev.tandem.store.NotTheOwnerException}),
     * saving nothing of them, so that a replicator woken after its partitions moved on does not replace the new
     * owner's sync points with its older ones.
     */
    default void record(Owner owner, List<SyncPoint> points, List<SyncPointRepository.Progress> progress) {
        record(points, progress);
    }

    /**
     * The replica of source topic {@code topic} no longer holds the records its sync points name (deleted and
     * re-created, or a partition of it truncated; its refill copies the whole topic again): they are dropped,
     * with the progress of every partition, where the sink can drop them, so that no checkpoint is
     * translated from them.
     */
    default void forget(String topic) {
    }

    /** Records into {@code first}, then into {@code then} (each told to forget). */
    static SyncPointSink inOrder(SyncPointSink first, SyncPointSink then) {
        return new SyncPointSink() {
            @Override
            public void record(List<SyncPoint> points, List<SyncPointRepository.Progress> progress) {
                first.record(points, progress);
                then.record(points, progress);
            }

            @Override
            public void record(Owner owner, List<SyncPoint> points, List<SyncPointRepository.Progress> progress) {
                first.record(owner, points, progress);
                then.record(owner, points, progress);
            }

            @Override
            public void forget(String topic) {
                first.forget(topic);
                then.forget(topic);
            }
        };
    }
}
