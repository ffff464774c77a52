package dev.tandem.migration.drain;

import dev.tandem.client.Partition;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, from successive samples of a flow's source ends and replication progress, whether the
 * source has gone quiet (no partition's end moved for the quiet period) and the replica has caught
 * up (every partition replicated to its end). Pure: samples in, a state out.
 *
 * <p>A partition is quiet only once it has been seen not to move for the whole period: the first
 * sample counts as a move, since nothing says the partition was quiet before the watch began.
 */
public final class DrainWatch {

    /** The source's ends (next offsets of committed data) and the flow's stored progress, at one time. */
    public record Sample(Instant at, Map<Partition, Long> sourceEnds, Map<Partition, Long> replicatedTo) {
        public Sample {
            sourceEnds = Map.copyOf(sourceEnds);
            replicatedTo = Map.copyOf(replicatedTo);
        }
    }

    /**
     * Where the drain stands.
     *
     * @param moving         partitions whose end moved within the quiet period, by name order
     * @param behind         partitions the replica has not caught up with, by name order
     * @param recordsBehind  offsets between the replica's progress and the source's ends, summed
     * @param quietSoFar     how long no partition's end has moved
     */
    public record State(int partitions, List<Partition> moving, List<Partition> behind, long recordsBehind,
                        Duration quietSoFar) {
        public State {
            moving = List.copyOf(moving);
            behind = List.copyOf(behind);
        }

        public boolean drained() {
            return moving.isEmpty() && behind.isEmpty();
        }
    }

    private static final Comparator<Partition> ORDER = Comparator.comparing(Partition::topic)
            .thenComparingInt(Partition::partition);

    private final Duration quietFor;
    private final Map<Partition, Long> lastEnds = new HashMap<>();
    private final Map<Partition, Instant> movedAt = new HashMap<>();

    public DrainWatch(Duration quietFor) {
        if (quietFor.isNegative()) {
            throw new IllegalArgumentException("the quiet period must not be negative: " + quietFor);
        }
        this.quietFor = quietFor;
    }

    public State observe(Sample sample) {
        Instant now = sample.at();
        sample.sourceEnds().forEach((p, end) -> {
            Long before = lastEnds.put(p, end);
            if (before == null || before.longValue() != end) {
                movedAt.put(p, now);
            }
        });
        List<Partition> moving = sample.sourceEnds().keySet().stream()
                .filter(p -> movedAt.get(p).plus(quietFor).isAfter(now)).sorted(ORDER).toList();
        List<Partition> behind = sample.sourceEnds().entrySet().stream()
                .filter(e -> sample.replicatedTo().getOrDefault(e.getKey(), 0L) < e.getValue())
                .map(Map.Entry::getKey).sorted(ORDER).toList();
        long recordsBehind = sample.sourceEnds().entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - sample.replicatedTo().getOrDefault(e.getKey(), 0L))).sum();
        Instant lastMove = sample.sourceEnds().keySet().stream().map(movedAt::get).max(Comparator.naturalOrder())
                .orElse(now);
        return new State(sample.sourceEnds().size(), moving, behind, recordsBehind, Duration.between(lastMove, now));
    }
}
