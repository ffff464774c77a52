package dev.tandem.replicator.copy;

import dev.tandem.kafka.KafkaCalls;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.topics.TopicMirror;
import dev.tandem.topics.TopicSelector;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Reads the source's topics again; creates or grows replicas; subscribes when the selection changed. */
    void refresh() {
        Set<String> source = KafkaCalls.await(sourceAdmin.listTopics().names(), flow.source(), "list topics");
        Set<String> selected = selector.select(source);
        mirror.syncWithoutLeaders(selected); // the group join runs while the new replicas get their leaders
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

    /** The session ended: it replicates nothing any more. */
    void ended() {
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
