package dev.tandem.replicator.copy;

import dev.tandem.kafka.KafkaCalls;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.topics.TopicMirror;
import dev.tandem.topics.TopicSelector;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which source topics the session's consumer follows: the flow's selection of the source's topics,
 * their replicas brought up to date first, re-read every {@code topic-refresh}; and which
 * partitions the consumer group gives this process (cooperative rebalancing: only the partitions
 * that move are settled, through the delivery, and handed over).
 *
 * <p>The first refresh runs on the session's thread (nothing is copied before it). The later ones
 * read the clusters on a thread of their own, on their own schedule, and the session's thread
 * subscribes to what they found ({@link #applyRefreshed}). On the session's thread, a source that
 * stops answering, or a target slow to create new replicas, held the copy and the commits of the
 * topics already followed for as long as the refresh waited (up to the 30 s bound of each call);
 * and a copy waiting for a replica deleted on the target (a send's metadata, a commit's flush) held
 * the refresh that re-creates it. A refresh that fails ends the session on its thread, as it did when
 * it ran there.
 */
final class TopicSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSubscription.class);

    private final Flow flow;
    private final Consumer<byte[], byte[]> consumer;
    private final Admin sourceAdmin;
    private final TopicMirror mirror;
    private final TopicSelector selector;
    private final Delivery delivery;
    private final Runnable storeOpen;
    /** The partitions this session replicates now; read by the checkpointer's thread. */
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private Set<String> subscribed = Set.of();
    /** What the latest refresh beside the copy found, until the session's thread subscribes to it. */
    private final AtomicReference<Refreshed> refreshed = new AtomicReference<>();
    private ScheduledExecutorService refresher;

    TopicSubscription(Flow flow, Consumer<byte[], byte[]> consumer, Admin sourceAdmin, TopicMirror mirror,
                      TopicSelector selector, Delivery delivery, Runnable storeOpen) {
        this.storeOpen = storeOpen;
        this.flow = flow;
        this.consumer = consumer;
        this.sourceAdmin = sourceAdmin;
        this.mirror = mirror;
        this.selector = selector;
        this.delivery = delivery;
    }

    /**
     * The first refresh, on this thread: reads the source's topics, creates or grows their replicas and
     * re-syncs their settings, and subscribes. Then the same every {@code topic-refresh} on a thread of the
     * subscription's own, each once the previous one has ended; {@link #applyRefreshed} subscribes to what
     * the latest found.
     */
    void start() {
        subscribe(select());
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tandem-topics-" + flow.name());
            thread.setDaemon(true);
            return thread;
        });
        long every = flow.topicRefresh().toMillis();
        refresher.scheduleWithFixedDelay(() -> {
            try {
                Refreshed next = new Refreshed(select(), null);
                // a failure stays until the session's thread has seen it: it ends the session, as it did before
                refreshed.updateAndGet(old -> old != null && old.failure() != null ? old : next);
            } catch (RuntimeException e) {
                refreshed.set(new Refreshed(null, e));
            } catch (Error e) { // thrown on, it would cancel every later refresh without a word
                refreshed.set(new Refreshed(null, new IllegalStateException("flow " + flow.name()
                        + ": the topic refresh failed: " + e, e)));
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Whether {@link #start} ran. */
    boolean started() {
        return refresher != null;
    }

    /**
     * Subscribes to what the latest refresh beside the copy found, if one ended since the last call;
     * returns whether one had. A refresh that failed is thrown here, on the session's thread, even when a
     * later one worked meanwhile.
     */
    boolean applyRefreshed() {
        Refreshed latest = refreshed.getAndSet(null);
        if (latest == null) {
            return false;
        }
        if (latest.failure() != null) {
            throw latest.failure();
        }
        subscribe(latest.topics());
        return true;
    }

    /** What one refresh beside the copy found: the selected topics, or its failure. */
    private record Refreshed(Set<String> topics, RuntimeException failure) {
    }

    /** The flow's selection of the source's topics now, their replicas created, grown and re-synced. */
    private Set<String> select() {
        Set<String> source = KafkaCalls.await(sourceAdmin.listTopics().names(), flow.source(), "list topics");
        Set<String> selected = selector.select(source);
        mirror.syncWithoutLeaders(selected); // the group join runs while the new replicas get their leaders
        return selected;
    }

    private void subscribe(Set<String> selected) {
        if (!selected.equals(subscribed)) {
            delivery.willSendTo(selected.stream().filter(t -> !subscribed.contains(t)).map(flow::targetTopic).toList());
            LOG.info("flow {}: replicating {} topics from {} to {}: {}", flow.name(), selected.size(), flow.source(),
                    flow.target(), selected);
            if (selected.isEmpty()) {
                consumer.unsubscribe();
            } else {
                consumer.subscribe(selected, new Rebalance());
            }
            subscribed = selected;
        }
    }

    /** The source topics the session follows now. */
    Set<String> topics() {
        return subscribed;
    }

    boolean none() {
        return subscribed.isEmpty();
    }

    /** The source partitions this session replicates now (thread-safe). */
    Set<TopicPartition> assigned() {
        return Set.copyOf(assigned);
    }

    /**
     * No refresh after this one (a refresh still running is interrupted): called first when the session
     * ends, before its delivery settles, so that nothing changes the target's replicas for a session that
     * stopped and no refresh is left waiting for clients that close.
     */
    void stopRefreshing() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** The session ended: it replicates nothing any more. */
    void ended() {
        stopRefreshing();
        assigned.clear();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            delivery.revoked(partitions);
            assigned.removeAll(partitions);
            LOG.info("flow {}: handed over {} partitions", flow.name(), partitions.size());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // nothing is copied before the store is open (a start opens it meanwhile): what is copied can be committed
            storeOpen.run();
            delivery.assigned(partitions);
            assigned.addAll(partitions);
            if (!partitions.isEmpty()) {
                LOG.info("flow {}: took over {} partitions", flow.name(), partitions.size());
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            delivery.lost(partitions);
            assigned.removeAll(partitions);
            LOG.warn("flow {}: lost {} partitions to another replicator; their uncommitted records will be copied again",
                    flow.name(), partitions.size());
        }
    }
}
