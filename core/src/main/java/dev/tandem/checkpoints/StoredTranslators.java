package dev.tandem.checkpoints;

import dev.tandem.client.Partition;
import dev.tandem.offsets.OffsetTranslator;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.store.SyncPointRepository;
import java.util.HashMap;
import java.util.Map;

/**
 * Offset translators of a flow's partitions from the stored sync points and progress, each loaded
 * from the sync point the lowest offset to translate there needs: what a checkpoint of several
 * groups' committed offsets reads, and no more.
 */
public final class StoredTranslators {

    private StoredTranslators() {
    }

    /** @param committed committed source offsets by group: each partition's translator covers its lowest */
    public static Map<Partition, OffsetTranslator> of(SyncPointRepository syncPoints, String flow,
                                                      Map<String, Map<Partition, Long>> committed) {
        Map<Partition, Long> lowest = new HashMap<>();
        committed.values().forEach(offsets -> offsets.forEach((p, o) -> lowest.merge(p, o, Math::min)));
        Map<String, Map<Integer, ReplicationPosition>> positions = syncPoints.positions(flow);
        Map<Partition, OffsetTranslator> translators = new HashMap<>();
        lowest.forEach((p, from) -> translators.put(p, new OffsetTranslator(
                syncPoints.loadFrom(flow, p.topic(), p.partition(), from),
                positions.getOrDefault(p.topic(), Map.of()).getOrDefault(p.partition(), ReplicationPosition.unknown()))));
        return translators;
    }
}
