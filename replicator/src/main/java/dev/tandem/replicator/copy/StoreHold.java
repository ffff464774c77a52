package dev.tandem.replicator.copy;

import dev.tandem.offsets.SyncPoint;
import dev.tandem.store.StoreException;
import dev.tandem.store.SyncPointRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store did not take: the sync points and progress of copies the target acknowledged,
 * kept in the order they were recorded and saved before anything newer, together with it, at the
 * next commit. While something is held the flow's session pauses its partitions (nothing more is
 * polled), so a store outage holds at most what was in flight when it began and copies nothing
 * twice. A partition that moves to another process takes its share with it: what was held of it
 * is forgotten, as after a crash, and the new owner copies it again and describes its own copies
 * (a held point saved after the new owner's would replace them). Used on the flow's thread only.
 */
final class StoreHold {

    private static final Logger LOG = LoggerFactory.getLogger(StoreHold.class);
    /** How often a store that still refuses is told again (each retry in between is at DEBUG). */
    static final Duration RETOLD = Duration.ofMinutes(1);

    private final String flow;
    private final List<SyncPoint> points = new ArrayList<>();
    private final Map<TopicPartition, SyncPointRepository.Progress> progress = new LinkedHashMap<>();
    private Optional<Instant> since = Optional.empty();
    private Instant nextTold = Instant.MIN;
    private volatile String cause;

    StoreHold(String flow) {
        this.flow = flow;
    }

    /** Whether the store refused something not saved since: the session pauses while it is. */
    boolean holding() {
        return since.isPresent();
    }

    /** Why, while {@link #holding()}: the store's answer. */
    String cause() {
        return cause;
    }

    /** The store's answer while {@link #holding()}, else empty: what {@link Delivery#holding()} says. */
    java.util.Optional<String> holdingBecause() {
        return holding() ? java.util.Optional.of(cause) : java.util.Optional.empty();
    }

    /** What was held, followed by {@code newer}: the points to save now, in the order they were recorded. */
    List<SyncPoint> pointsWith(List<SyncPoint> newer) {
        if (points.isEmpty()) {
            return newer;
        }
        List<SyncPoint> all = new ArrayList<>(points);
        all.addAll(newer);
        return all;
    }

    /** Each partition's newest progress, held or {@code newer}. */
    List<SyncPointRepository.Progress> progressWith(List<SyncPointRepository.Progress> newer) {
        if (progress.isEmpty()) {
            return newer;
        }
        Map<TopicPartition, SyncPointRepository.Progress> all = new LinkedHashMap<>(progress);
        newer.forEach(p -> all.put(new TopicPartition(p.topic(), p.partition()), p));
        return List.copyOf(all.values());
    }

    /**
     * The store refused {@code all} (what {@link #pointsWith} and {@link #progressWith} gave): it is held
     * until a save gets through. Told at once, then once a minute while it lasts.
     */
    void refused(List<SyncPoint> all, List<SyncPointRepository.Progress> allProgress, StoreException e, Instant now) {
        points.clear();
        points.addAll(all);
        progress.clear();
        allProgress.forEach(p -> progress.put(new TopicPartition(p.topic(), p.partition()), p));
        cause = e.getMessage();
        boolean first = since.isEmpty();
        if (first) {
            since = Optional.of(now);
        }
        if (!now.isBefore(nextTold)) {
            LOG.warn("flow {}: {}; copying is paused{} and nothing is committed on the source until the store takes"
                    + " them (retried at every commit; nothing is lost)", flow, cause,
                    first ? "" : " since " + Duration.between(since.get(), now).toSeconds() + " s");
            nextTold = now.plus(RETOLD);
        } else {
            LOG.debug("flow {}: the store still refuses: {}", flow, cause);
        }
    }

    /** A save got through: what was held is in the store. */
    void saved(Instant now) {
        since.ifPresent(start -> LOG.info("flow {}: the store took the {} held sync point(s) after {} s; copying"
                + " resumes", flow, points.size(), Duration.between(start, now).toSeconds()));
        clear();
    }

    /** Partitions that moved away: what was held of them is forgotten (their next owner copies them again). */
    void forget(Collection<TopicPartition> partitions) {
        if (!holding()) {
            return;
        }
        points.removeIf(p -> partitions.contains(new TopicPartition(p.sourceTopic(), p.partition())));
        partitions.forEach(progress::remove);
        if (points.isEmpty() && progress.isEmpty()) {
            clear();
        }
    }

    private void clear() {
        points.clear();
        progress.clear();
        since = Optional.empty();
        nextTold = Instant.MIN;
        cause = null;
    }
}
