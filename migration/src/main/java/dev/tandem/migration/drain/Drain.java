package dev.tandem.migration.drain;

import dev.tandem.client.Partition;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.time.Polling;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Waits, sampling twice a second, until a flow's source topics are quiet and its replica has caught
 * up ({@link DrainWatch}), or the time is up. The replica's progress is the one the running
 * replicator stores (about every second), so a drain needs the replicator of the flow running.
 */
public final class Drain {

    /** Told after every sample. */
    public interface Progress {
        void observed(DrainWatch.State state);
    }

    /** How the wait ended: drained, or the state when the time was up. */
    public record Result(DrainWatch.State last, Duration took) {
        public boolean drained() {
            return last.drained();
        }
    }

    static final Duration SAMPLE_EVERY = Duration.ofMillis(500);

    private final KafkaClients clients;
    private final SyncPointRepository syncPoints;
    private final Clock clock;

    public Drain(KafkaClients clients, SyncPointRepository syncPoints, Clock clock) {
        this.clients = clients;
        this.syncPoints = syncPoints;
        this.clock = clock;
    }

    public Result await(Flow flow, ClusterSpec source, Collection<String> topics, Duration quietFor, Duration timeout,
                        Progress progress) {
        Instant start = clock.instant();
        DrainWatch watch = new DrainWatch(quietFor);
        try (Admin admin = clients.admin(source)) {
            DrainWatch.State last = Polling.until(clock, timeout, SAMPLE_EVERY, () -> {
                DrainWatch.State state = watch.observe(sample(flow, admin, source.alias(), topics));
                progress.observed(state);
                return state;
            }, DrainWatch.State::drained);
            return new Result(last, Duration.between(start, clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for flow " + flow.name() + " to drain", e);
        }
    }

    private DrainWatch.Sample sample(Flow flow, Admin admin, String cluster, Collection<String> topics) {
        Map<Partition, Long> ends = new HashMap<>();
        Map<Partition, Long> logEnds = new HashMap<>();
        for (String topic : topics) {
            TopicOffsets.committedEndOffsets(admin, cluster, topic)
                    .forEach((tp, end) -> ends.put(new Partition(tp.topic(), tp.partition()), end));
            TopicOffsets.endOffsets(admin, cluster, topic)
                    .forEach((tp, end) -> logEnds.put(new Partition(tp.topic(), tp.partition()), end));
        }
        // Read after the ends: progress seen at or past an end is progress past what the end counts.
        Map<Partition, Long> replicated = new HashMap<>();
        syncPoints.positions(flow.name()).forEach((topic, partitions) -> partitions.forEach(
                (partition, position) -> replicated.put(new Partition(topic, partition), position.nextSourceOffset())));
        return new DrainWatch.Sample(clock.instant(), ends, logEnds, replicated);
    }
}
