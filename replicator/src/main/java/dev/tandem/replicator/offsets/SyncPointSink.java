package dev.tandem.replicator.offsets;

import dev.tandem.offsets.SyncPoint;
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
}
