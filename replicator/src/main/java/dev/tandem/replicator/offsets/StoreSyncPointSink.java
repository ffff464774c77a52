package dev.tandem.replicator.offsets;

import dev.tandem.offsets.SyncPoint;
import dev.tandem.playbook.Flow;
import dev.tandem.failures.FailureClassifier;
import dev.tandem.store.Owner;
import dev.tandem.store.StoreException;
import dev.tandem.store.SyncPointRepository;
import java.util.List;

/** Sync points and progress into the store (H2 or PostgreSQL). */
public final class StoreSyncPointSink implements SyncPointSink {

    private final Flow flow;
    private final SyncPointRepository repository;
    private final java.time.Clock clock;

    public StoreSyncPointSink(Flow flow, SyncPointRepository repository, java.time.Clock clock) {
        this.flow = flow;
        this.repository = repository;
        this.clock = clock;
    }

    /** Saves them unchecked: for writers whose partitions no group assigns (see {@link Owner#UNCHECKED}). */
    @Override
    public void record(List<SyncPoint> points, List<SyncPointRepository.Progress> progress) {
        record(Owner.UNCHECKED, points, progress);
    }

    /**
     * Saves the points and progress in one transaction, if {@code owner} still owns their partitions.
     *
     * @throws StoreException when the database does not take them (unreachable, refusing): the caller holds
     *                        them and tries again, as nothing may be committed past them meanwhile
     * @throws dev.tandem.store.NotTheOwnerException when their partitions moved to another member: nothing is
     *                        saved, and holding them would not help (the caller starts again instead)
     */
    @Override
    public void record(Owner owner, List<SyncPoint> points, List<SyncPointRepository.Progress> progress) {
        try {
            repository.record(flow.name(), flow::targetTopic, owner, points, progress, clock.instant());
        } catch (org.jdbi.v3.core.JdbiException e) {
            throw new StoreException("the store did not take the sync points: "
                    + FailureClassifier.rootMessage(e), e);
        }
    }

    @Override
    public void forget(String topic) {
        try {
            int deleted = repository.forget(flow.name(), topic);
            org.slf4j.LoggerFactory.getLogger(StoreSyncPointSink.class).info("flow {}: dropped the {} stored sync"
                    + " point(s) and the progress of {}: they name records its replica no longer has", flow.name(),
                    deleted, topic);
        } catch (org.jdbi.v3.core.JdbiException e) {
            org.slf4j.LoggerFactory.getLogger(StoreSyncPointSink.class).warn("flow {}: dropping the stored sync points of"
                    + " {} failed ({}); checkpoints of it may name records its replica no longer has until the refill's"
                    + " first sync points replace them", flow.name(), topic, FailureClassifier.rootMessage(e));
        }
    }

    /** Removes the flow's sync points recorded before {@code cutoff} (the newest old one of each partition stays). */
    public void prune(java.time.Instant cutoff) {
        int deleted = repository.prune(flow.name(), cutoff);
        if (deleted > 0) {
            org.slf4j.LoggerFactory.getLogger(StoreSyncPointSink.class)
                    .info("flow {}: pruned {} sync points recorded before {}", flow.name(), deleted, cutoff);
        }
    }
}
