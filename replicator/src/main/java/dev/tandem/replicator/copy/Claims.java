package dev.tandem.replicator.copy;

import dev.tandem.client.Partition;
import dev.tandem.store.Owner;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions a delivery was assigned since its last save to the store: that save claims them for this
 * member of the flow's consumer group (table {@code partition_owners}), and a save of a partition another
 * member claimed since is refused ({@code SyncPointRepository.record}). Thread-safe: the consumer's
 * rebalance callbacks and the commits that save may run on different threads.
 */
final class Claims {

    private final Set<Partition> pending = ConcurrentHashMap.newKeySet();

    /** Partitions the group gave this member: the next save claims them. */
    void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> pending.add(partition(tp)));
    }

    /** Partitions revoked or lost before a save claimed them: not to be claimed. */
    void gone(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> pending.remove(partition(tp)));
    }

    /** Partitions the store says another member claimed since: not to be claimed. */
    void movedAway(Set<Partition> partitions) {
        pending.removeAll(partitions);
    }

    boolean any() {
        return !pending.isEmpty();
    }

    /** Who the next save is made by: this member of the group, claiming what it was assigned since. */
    Owner owner(Consumer<?, ?> consumer) {
        return Owner.member(consumer.groupMetadata().memberId(), pending);
    }

    /** A save was made: what it claimed is this member's (partitions assigned since are claimed by the next). */
    void saved(Owner owner) {
        pending.removeAll(owner.claiming());
    }

    static Partition partition(TopicPartition tp) {
        return new Partition(tp.topic(), tp.partition());
    }
}
