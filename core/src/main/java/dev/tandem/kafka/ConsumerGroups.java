package dev.tandem.kafka;

import dev.tandem.client.Partition;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** Consumer groups and partition bounds on one cluster: how groups stand, and committing offsets to them. */
public final class ConsumerGroups {

    /** A group as it stands on a cluster: how many members are active, and its committed offsets. */
    public record Standing(String group, int members, Map<Partition, Long> committed) {
        public Standing {
            committed = Map.copyOf(committed);
        }

        public boolean active() {
            return members > 0;
        }
    }

    /** The offsets a partition holds: from {@code start} (oldest kept) to {@code end} (next to be written). */
    public record LogRange(long start, long end) {
    }

    private final Admin admin;
    private final String cluster;

    public ConsumerGroups(Admin admin, String cluster) {
        this.admin = admin;
        this.cluster = cluster;
    }

    /** Each group as it stands; a group that never existed has no members and no offsets. */
    public Map<String, Standing> describe(Collection<String> groups) {
        Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions =
                admin.describeConsumerGroups(groups).describedGroups();
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult offsets = admin.listConsumerGroupOffsets(specs);
        Map<String, Standing> result = new HashMap<>();
        for (String group : groups) {
            // A group that never existed is not found: it has neither members nor offsets.
            int members = unlessNotFound(descriptions.get(group), "describe group " + group)
                    .map(d -> d.members().size()).orElse(0);
            Map<Partition, Long> committed = new HashMap<>();
            unlessNotFound(offsets.partitionsToOffsetAndMetadata(group), "list the offsets of group " + group)
                    .orElse(Map.of()).forEach((tp, offset) -> {
                        if (offset != null) {
                            committed.put(new Partition(tp.topic(), tp.partition()), offset.offset());
                        }
                    });
            result.put(group, new Standing(group, members, committed));
        }
        return result;
    }

    /** The IDs of every consumer group on the cluster. */
    public java.util.List<String> names() {
        return KafkaCalls.await(admin.listGroups(org.apache.kafka.clients.admin.ListGroupsOptions.forConsumerGroups())
                .all(), cluster, "list consumer groups").stream()
                .map(org.apache.kafka.clients.admin.GroupListing::groupId).toList();
    }

    /**
     * The active members of each group that has any, as {@code client-id@host}, sorted: what an
     * operator needs to find the consumers still running. Groups without members are left out.
     */
    public Map<String, java.util.List<String>> activeMembers(Collection<String> groups) {
        Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions =
                admin.describeConsumerGroups(groups).describedGroups();
        Map<String, java.util.List<String>> active = new java.util.TreeMap<>();
        for (String group : groups) {
            unlessNotFound(descriptions.get(group), "describe group " + group).ifPresent(d -> {
                java.util.List<String> members = d.members().stream()
                        .map(m -> m.clientId() + "@" + m.host().replaceFirst("^/", "")).sorted().toList();
                if (!members.isEmpty()) {
                    active.put(group, members);
                }
            });
        }
        return active;
    }

    /**
     * Commits offsets to a group. The broker itself refuses while the group has members, so a
     * consumer that joined since {@link #describe} is never overridden.
     */
    public void commit(String group, Map<Partition, Long> offsets, String metadata) {
        KafkaCalls.await(commitAsync(group, offsets, metadata), cluster, "commit offsets of group " + group);
    }

    /** Starts committing offsets to a group; many groups' commits can then be awaited together. */
    public KafkaFuture<Void> commitAsync(String group, Map<Partition, Long> offsets, String metadata) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((p, offset) -> commits.put(new TopicPartition(p.topic(), p.partition()),
                new OffsetAndMetadata(offset, metadata)));
        return admin.alterConsumerGroupOffsets(group, commits).all();
    }

    /** The cluster these groups are on, as error messages name it. */
    public String cluster() {
        return cluster;
    }

    /** The oldest and next offsets of each partition; partitions that do not exist are left out. */
    public Map<Partition, LogRange> logRanges(Collection<Partition> partitions) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> {
            earliest.put(new TopicPartition(p.topic(), p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(p.topic(), p.partition()), OffsetSpec.latest());
        });
        Map<Partition, LogRange> ranges = new HashMap<>();
        if (partitions.isEmpty()) {
            return ranges;
        }
        ListOffsetsResult starts = admin.listOffsets(earliest);
        ListOffsetsResult ends = admin.listOffsets(latest);
        for (TopicPartition tp : earliest.keySet()) {
            Optional<Long> start = unlessUnknown(starts.partitionResult(tp), "list the start offset of " + tp);
            Optional<Long> end = unlessUnknown(ends.partitionResult(tp), "list the end offset of " + tp);
            if (start.isPresent() && end.isPresent()) {
                ranges.put(new Partition(tp.topic(), tp.partition()), new LogRange(start.get(), end.get()));
            }
        }
        return ranges;
    }

    /**
     * For each partition and time, the offset of the first record written at or after that time
     * (Kafka's offsets-for-times on the record timestamps); empty when no record is, so a reader
     * starts at the partition's end. Partitions the cluster does not have are left out. One
     * request per round, each round asking every partition for one of its times.
     */
    public Map<Partition, Map<Instant, OptionalLong>> offsetsForTimes(Map<Partition, Set<Instant>> times) {
        Map<Partition, Map<Instant, OptionalLong>> found = new HashMap<>();
        Map<Partition, Deque<Instant>> left = new HashMap<>();
        times.forEach((p, at) -> left.put(p, new ArrayDeque<>(new TreeSet<>(at))));
        while (!left.isEmpty()) {
            Map<TopicPartition, Instant> round = new HashMap<>();
            left.forEach((p, at) -> round.put(new TopicPartition(p.topic(), p.partition()), at.removeFirst()));
            left.values().removeIf(Deque::isEmpty);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            round.forEach((tp, at) -> request.put(tp, OffsetSpec.forTimestamp(at.toEpochMilli())));
            ListOffsetsResult result = admin.listOffsets(request);
            round.forEach((tp, at) -> unlessUnknown(result.partitionResult(tp), "look up the offset at " + at + " in " + tp)
                    .ifPresent(offset -> found.computeIfAbsent(new Partition(tp.topic(), tp.partition()),
                            p -> new HashMap<>()).put(at, offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset))));
        }
        return found;
    }

    private Optional<Long> unlessUnknown(KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo> future, String attempted) {
        try {
            return Optional.of(KafkaCalls.await(future, cluster, attempted).offset());
        } catch (KafkaOperationException | ClusterUnreachableException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> Optional<T> unlessNotFound(KafkaFuture<T> future, String attempted) {
        try {
            return Optional.of(KafkaCalls.await(future, cluster, attempted));
        } catch (KafkaOperationException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
