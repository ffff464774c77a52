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
 * sample counts as a move, since nothing says the partition was quiet before the watch began. Both
 * its ends count: the committed end (what read_committed readers and the replica reach) and the
 * log end, which moves while a transaction writes even though the committed end stands still. A
 * partition with a transaction open (log end past the committed end) is never quiet: its records
 * may still commit.
 */
public final class DrainWatch {

    /**
     * The source's ends, committed ({@code sourceEnds}: the next offset a read_committed reader
     * reaches) and of the log ({@code logEnds}, transactions still open included), and the flow's
     * stored progress, at one time. A partition without a log end counts as having none open.
     */
    public record Sample(Instant at, Map<Partition, Long> sourceEnds, Map<Partition, Long> logEnds,
                         Map<Partition, Long> replicatedTo) {
        public Sample {
            sourceEnds = Map.copyOf(sourceEnds);
            logEnds = Map.copyOf(logEnds);
            replicatedTo = Map.copyOf(replicatedTo);
        }

        /** A sample of a source without transactions: the log ends are the committed ends. */
        public Sample(Instant at, Map<Partition, Long> sourceEnds, Map<Partition, Long> replicatedTo) {
            this(at, sourceEnds, sourceEnds, replicatedTo);
        }

        long logEnd(Partition p) {
            return logEnds.getOrDefault(p, sourceEnds.get(p));
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
    private final Map<Partition, List<Long>> lastEnds = new HashMap<>();
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
            List<Long> ends = List.of(end, sample.logEnd(p));
            List<Long> before = lastEnds.put(p, ends);
            if (before == null || !before.equals(ends)) {
                movedAt.put(p, now);
            }
        });
        List<Partition> moving = sample.sourceEnds().keySet().stream()
                .filter(p -> movedAt.get(p).plus(quietFor).isAfter(now) || sample.logEnd(p) > sample.sourceEnds().get(p))
                .sorted(ORDER).toList();
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
