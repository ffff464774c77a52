package dev.tandem.offsets;

import java.util.ArrayList;
import java.util.List;

/**
 * The sync points of one partition in the order they were recorded. After a restart the
 * replicator copies some records again (at-least-once); the sync points of the new copy replace
 * every older one at or after its first source offset, so the history always describes one copy.
 */
public final class SyncPointHistory {

    private final List<SyncPoint> points = new ArrayList<>();

    public void add(SyncPoint point) {
        if (!points.isEmpty() && point.sourceOffset() <= points.get(points.size() - 1).sourceOffset()) {
            points.removeIf(p -> p.sourceOffset() >= point.sourceOffset());
        }
        points.add(point);
    }

    public List<SyncPoint> points() {
        return List.copyOf(points);
    }
}
