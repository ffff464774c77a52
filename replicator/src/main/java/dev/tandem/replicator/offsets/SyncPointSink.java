package dev.tandem.replicator.offsets;

import dev.tandem.offsets.SyncPoint;
import java.util.List;

/** Where a flow's sync points go before the source offsets they cover are committed. */
public interface SyncPointSink {

    /**
     * @param points  new sync points, in the order they were recorded
     * @param newest  the newest replicated record of each partition that moved
     */
    void record(List<SyncPoint> points, List<SyncPoint> newest);
}
