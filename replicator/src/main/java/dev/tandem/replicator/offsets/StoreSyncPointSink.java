package dev.tandem.replicator.offsets;

import dev.tandem.offsets.SyncPoint;
import dev.tandem.playbook.Flow;
import dev.tandem.store.SyncPointRepository;
import java.util.List;

/** Sync points and progress into the store (H2 or PostgreSQL). */
public final class StoreSyncPointSink implements SyncPointSink {

    private final Flow flow;
    private final SyncPointRepository repository;

    public StoreSyncPointSink(Flow flow, SyncPointRepository repository) {
        this.flow = flow;
        this.repository = repository;
    }

    @Override
    public void record(List<SyncPoint> points, List<SyncPoint> newest) {
        repository.save(flow.name(), flow::targetTopic, points);
        if (!newest.isEmpty()) {
            repository.saveProgress(flow.name(), newest);
        }
    }
}
