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

    /** Each partition to claim, with the number of the assignment that gave it (a partition can come back). */
    private final java.util.Map<Partition, Long> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong assignments = new java.util.concurrent.atomic.AtomicLong();

    /** Partitions the group gave this member: the next save claims them. */
    void assigned(Collection<TopicPartition> partitions) {
        long assignment = assignments.incrementAndGet();
        partitions.forEach(tp -> pending.put(partition(tp), assignment));
    }

    /** Partitions revoked or lost before a save claimed them: not to be claimed. */
    void gone(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> pending.remove(partition(tp)));
    }

    /** Partitions the store says another member claimed since: not to be claimed. */
    void movedAway(Set<Partition> partitions) {
        partitions.forEach(pending::remove);
    }

    boolean any() {
        return !pending.isEmpty();
    }

    /**
     * What a save claims: who makes it ({@code owner}: this member of the group, claiming what it was assigned
     * since) and up to which assignment.
     */
    record Claim(Owner owner, long upToAssignment) {
    }

    /** The claim of a save begun now by this member of the group. */
    Claim claim(Consumer<?, ?> consumer) {
        return claim(consumer.groupMetadata().memberId());
    }

    Claim claim(String member) {
        return new Claim(Owner.member(member, pending.keySet()), assignments.get());
    }

    /**
     * A save was made: what it claimed is this member's; a partition assigned again after the save began
     * (lost, then given back) is claimed by the next save.
     */
    void saved(Claim claim) {
        claim.owner().claiming().forEach(p -> pending.computeIfPresent(p, (k, assignment) ->
                assignment <= claim.upToAssignment() ? null : assignment));
    }

    static Partition partition(TopicPartition tp) {
        return new Partition(tp.topic(), tp.partition());
    }
}
