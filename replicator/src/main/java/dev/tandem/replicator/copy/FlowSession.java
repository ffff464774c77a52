package dev.tandem.replicator.copy;

import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.metrics.FlowSummary;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.replicator.topics.TopicMirror;
import dev.tandem.safety.ClusterIds;
import dev.tandem.topics.TopicSelector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one flow in this process: the copy loop over the partitions the flow's consumer group
 * gives it, with the delivery's commits every {@code commit-interval} (or sooner after a batch, when the
 * delivery says so: an exactly-once flow caught up), the topic subscription refreshed every
 * {@code topic-refresh} (beside the copy, after the first), the lag and the summary. Ends on
 * {@link #stop()} or on a failure, after the delivery settled what was delivered.
 */
public final class FlowSession {

    private static final Logger LOG = LoggerFactory.getLogger(FlowSession.class);
    /** The longest wait for the throttle before housekeeping (commits, topic refresh) runs again. */
    private static final Duration THROTTLE_WAIT = Duration.ofMillis(100);
    /** How long a session that follows no topic (none selected yet) waits before it looks again. */
    private static final Duration NO_TOPICS = Duration.ofMillis(500);

    private final Flow flow;
    private final Consumer<byte[], byte[]> consumer;
    private final Delivery delivery;
    private final CopyLoop loop;
    private final TopicSubscription subscription;
    private final FlowSummary summary;
    private final ReplicationMetrics metrics;
    private final Clock clock;
    private final ReplicationSettings settings;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private final Set<TopicPartition> pausedForStore = new java.util.HashSet<>();
    private volatile String pausedBecause;
    private Instant nextCommit = Instant.MIN;
    private Instant nextSummary;

    /**
     * @param storeOpen waits until the store is open, before the session takes its first partitions (it
     *                  creates replicas and joins the group meanwhile); throws if the store cannot be opened
     */
    public FlowSession(Flow flow, ClusterIds ids, FlowClients clients, Delivery delivery, TopicSelector selector,
                       Runnable storeOpen, ReplicationMetrics metrics, Clock clock, ReplicationSettings settings, Throttle throttle,
                       SourceGapLog gapLog) {
        this.flow = flow;
        this.consumer = clients.consumer();
        this.delivery = delivery;
        TopicMirror mirror = new TopicMirror(flow, clients.sourceAdmin(), clients.targetAdmin());
        this.loop = new CopyLoop(flow, ids, clients.consumer(), mirror::ensurePartition, delivery, metrics, throttle,
                gapLog);
        this.subscription = new TopicSubscription(flow, clients.consumer(), clients.sourceAdmin(), mirror, selector,
                delivery, storeOpen);
        this.summary = new FlowSummary(flow.name(), metrics, settings.summaryInterval());
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.nextSummary = clock.instant().plus(settings.summaryInterval());
    }

    /** Copies until {@link #stop()} or a failure; then saves what was delivered. */
    public void run() {
        boolean failed = true;
        try {
            while (!stopping) {
                delivery.throwIfFailed();
                delivery.completeCommits();
                // first: the first refresh subscribes (a start used to wait NO_TOPICS for nothing before it)
                housekeeping();
                Duration owed = loop.owed(); // max-bytes-per-second
                pauseWhileHolding();
                if (subscription.none()) {
                    awaitQuietly(NO_TOPICS);
                } else if (!owed.isZero()) {
                    awaitQuietly(min(owed, THROTTLE_WAIT));
                } else {
                    loop.copyBatch(() -> stopping);
                    Instant now = clock.instant();
                    if (!stopping && delivery.commitDue(now, loop::caughtUp)) {
                        commit(now);
                    }
                }
            }
            failed = false;
        } catch (WakeupException e) {
            LOG.debug("flow {}: woken up to stop", flow.name());
            failed = false;
        } finally {
            subscription.stopRefreshing();
            try {
                if (failed && !stopping) { // asked to stop, a wakeup may surface wrapped: still a clean stop
                    delivery.abandon();
                } else {
                    delivery.close();
                }
            } finally {
                subscription.ended();
                metrics.releasePartitions();
                metrics.paused(false);
            }
        }
    }

    /**
     * While the delivery holds copies the store did not take, the session polls (the group keeps its
     * members, rebalances run) but pauses every partition it was given, so nothing more is copied; once
     * a commit got them saved, it resumes the partitions it paused (not those the delivery paused itself,
     * a fenced exactly-once partition).
     */
    private void pauseWhileHolding() {
        java.util.Optional<String> holding = delivery.holding();
        if (holding.isPresent()) {
            Set<TopicPartition> more = new java.util.HashSet<>(consumer.assignment());
            more.removeAll(consumer.paused());
            if (!more.isEmpty()) {
                consumer.pause(more);
                pausedForStore.addAll(more);
            }
            pausedBecause = holding.get();
        } else {
            if (!pausedForStore.isEmpty()) {
                pausedForStore.retainAll(consumer.assignment());
                consumer.resume(pausedForStore);
                pausedForStore.clear();
            }
            pausedBecause = null;
        }
        metrics.paused(holding.isPresent());
    }

    /** Why this session copies nothing now although it was given partitions, if it does not (thread-safe). */
    public java.util.Optional<String> paused() {
        return java.util.Optional.ofNullable(pausedBecause);
    }

    /** The source partitions this session replicates now (thread-safe). */
    public Set<TopicPartition> assignedPartitions() {
        return subscription.assigned();
    }

    /** Asks {@link #run()} to finish: thread-safe, returns at once. */
    public void stop() {
        stopping = true;
        stopped.countDown();
        consumer.wakeup();
    }

    private void housekeeping() {
        Instant now = clock.instant();
        if (!now.isBefore(nextCommit)) {
            commit(now);
        }
        if (!subscription.started()) { // the first refresh here; the later ones beside the copy
            subscription.start();
            metrics.following(subscription.topics());
        } else if (subscription.applyRefreshed()) {
            metrics.following(subscription.topics());
        }
        if (!now.isBefore(nextSummary)) {
            summary.log(consumer.assignment().size());
            nextSummary = now.plus(settings.summaryInterval());
        }
    }

    private void commit(Instant now) {
        delivery.commit();
        updateLag(now);
        nextCommit = now.plus(settings.commitInterval(flow));
    }

    private void updateLag(Instant now) {
        java.util.List<ReplicationMetrics.PartitionLag> lags = new java.util.ArrayList<>();
        for (TopicPartition tp : consumer.assignment()) {
            long partitionLag = consumer.currentLag(tp).orElse(0);
            var newest = delivery.newestTimestamp(tp);
            long behind = newest.isPresent() ? Math.max(0, now.toEpochMilli() - newest.getAsLong()) : 0;
            lags.add(new ReplicationMetrics.PartitionLag(tp.topic(), tp.partition(), partitionLag, behind));
        }
        metrics.lag(lags);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void awaitQuietly(Duration duration) {
        try {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
