package dev.tandem.verifier.compare;

import static dev.tandem.kafka.KafkaCalls.await;

import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.offsets.OffsetTranslator;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.time.Polling;
import dev.tandem.topics.TopicSelector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a flow's selected source partitions and their replicas and compares them with
 * {@link PartitionComparer}, up to {@link #WORKERS} partitions at once, each worker reading one
 * partition at a time through a consumer per cluster of its own: memory stays bounded by the
 * workers' fetch sizes whatever a partition holds.
 */
public final class RecordComparison {

    /** Where each partition's comparison starts. */
    public sealed interface Start {
        /** From the first record the flow replicated that is still on the source. */
        record Replicated() implements Start {
        }

        /** From this source offset (or the first replicated record after it). */
        record FromOffset(long offset) implements Start {
        }

        /** From the first source record written at or after {@code now - age}. */
        record Since(Duration age) implements Start {
        }

        /**
         * From the given offset of each partition that has one, but never from a record written
         * before {@code now - window}; partitions without one start there.
         */
        record AtOrAfter(Map<dev.tandem.client.Partition, Long> offsets, Duration window) implements Start {
            public AtOrAfter {
                offsets = Map.copyOf(offsets);
            }
        }
    }

    /**
     * @param topics source topics to compare (empty: every topic the flow selects)
     * @param replicationWait how long to wait for the flow's stored progress to reach each partition's end
     */
    public record Selection(List<String> topics, OptionalInt partition, Start start, Duration replicationWait) {
    }

    /** Told after every so many compared records. */
    public interface Progress {
        void compared(String topic, int partition, long recordsSoFar, long bytesSoFar);
    }

    private static final int PROGRESS_EVERY = 10_000;
    /** How many partitions are compared at once, each through a consumer per cluster of its own. */
    private static final int WORKERS = 4;
    private static final Duration STALL = Duration.ofSeconds(30);

    private final Playbook playbook;
    private final KafkaClients clients;
    private final SyncPointRepository syncPoints;
    private final Clock clock;

    public RecordComparison(Playbook playbook, KafkaClients clients, SyncPointRepository syncPoints, Clock clock) {
        this.playbook = playbook;
        this.clients = clients;
        this.syncPoints = syncPoints;
        this.clock = clock;
    }

    /** The source topics the flow selects now. */
    public Set<String> selectedTopics(Flow flow) {
        ClusterSpec source = playbook.cluster(flow.source());
        try (Admin admin = clients.admin(source)) {
            return new TreeSet<>(new TopicSelector(flow, playbook.verify().canaryTopic())
                    .select(await(admin.listTopics().names(), source.alias(), "list topics")));
        }
    }

    /** @param targetClusterId the target's cluster ID: source records from there are not copied by the flow */
    public ComparisonReport compare(Flow flow, String targetClusterId, Selection selection, Progress progress) {
        Instant startedAt = clock.instant();
        ClusterSpec source = playbook.cluster(flow.source());
        ClusterSpec target = playbook.cluster(flow.target());
        List<String> topics = selection.topics().isEmpty() ? List.copyOf(selectedTopics(flow)) : selection.topics();
        List<PartitionTask> tasks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Admin sourceAdmin = clients.admin(source); Admin targetAdmin = clients.admin(target)) {
            Set<String> targetTopics = await(targetAdmin.listTopics().names(), target.alias(), "list topics");
            for (String topic : topics) {
                String replica = flow.targetTopic(topic);
                Map<String, TopicDescription> replicas = targetTopics.contains(replica) ? await(targetAdmin
                        .describeTopics(List.of(replica)).allTopicNames(), target.alias(), "describe " + replica)
                        : Map.of();
                if (replicas.isEmpty()) {
                    problems.add("replica " + replica + " of " + topic + " does not exist on " + target.alias());
                    continue;
                }
                int replicaPartitions = replicas.get(replica).partitions().size();
                // The target's ends first: every copy there now is of a source record there now.
                Map<TopicPartition, Long> targetEnds = TopicOffsets.committedEndOffsets(targetAdmin, target.alias(),
                        replica);
                Map<TopicPartition, Long> sourceEnds = TopicOffsets.committedEndOffsets(sourceAdmin, source.alias(),
                        topic);
                Map<TopicPartition, Long> starts = firstOffsets(sourceAdmin, source.alias(), sourceEnds.keySet(),
                        selection.start());
                for (TopicPartition tp : sourceEnds.keySet().stream()
                        .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList()) {
                    if (selection.partition().isPresent() && selection.partition().getAsInt() != tp.partition()) {
                        continue;
                    }
                    if (tp.partition() >= replicaPartitions) {
                        problems.add("partition " + tp.partition() + " of " + topic + " has no replica: " + replica
                                + " has " + replicaPartitions + " partitions on " + target.alias());
                        continue;
                    }
                    tasks.add(new PartitionTask(tp, replica, starts.get(tp), sourceEnds.get(tp),
                            targetEnds.get(new TopicPartition(replica, tp.partition())),
                            replicatedTo(flow, tp, sourceEnds.get(tp), selection.replicationWait())));
                }
            }
        }
        // A fetch of a few MB, a poll of 2,000 records, two polls ahead (ConsumerRecordStream) bound the
        // memory per consumer whatever a partition holds; a few workers keep several fetches in flight.
        Map<String, Object> tuning = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024);
        Object told = new Object();
        Progress shared = (topic, partition, records, bytes) -> {
            synchronized (told) {
                progress.compared(topic, partition, records, bytes);
            }
        };
        List<PartitionComparison> results = PartitionWorkers.run(tasks, WORKERS,
                () -> clients.consumer(source, tuning, Map.of()), () -> clients.consumer(target, tuning, Map.of()),
                (task, sourceConsumer, targetConsumer) -> comparePartition(flow, targetClusterId, task, sourceConsumer,
                        targetConsumer, shared, source.alias(), target.alias()));
        return new ComparisonReport(flow.name(), flow.source(), flow.target(), startedAt, clock.instant(), results,
                problems);
    }

    private PartitionComparison comparePartition(Flow flow, String targetClusterId, PartitionTask task,
                                                 Consumer<byte[], byte[]> sourceConsumer,
                                                 Consumer<byte[], byte[]> targetConsumer, Progress progress,
                                                 String sourceAlias, String targetAlias) {
        TopicPartition tp = task.partition();
        String replica = task.replica();
        long start = task.start();
        long sourceEnd = task.sourceEnd();
        long targetEnd = task.targetEnd();
        ReplicationPosition position = task.position();
        // What translating the compared range needs: from the newest sync point at or before its start.
        List<SyncPoint> points = syncPoints.loadFrom(flow.name(), tp.topic(), tp.partition(), start);
        OffsetTranslator translator = new OffsetTranslator(points, position);
        // Nothing before the first replicated record was copied by the flow (a later start, pruned history).
        long from = points.isEmpty() ? start
                : Math.max(start, points.stream().mapToLong(SyncPoint::sourceOffset).min().getAsLong());
        from = Math.min(from, sourceEnd);
        long targetFrom = translator.translate(from) instanceof dev.tandem.client.Translation.Exact exact
                ? Math.min(exact.targetOffset(), targetEnd) : targetEnd;
        long[] count = {0};
        try (ConsumerRecordStream sourceRecords = new ConsumerRecordStream(sourceConsumer, tp, from, sourceEnd, STALL,
                clock, sourceAlias);
             ConsumerRecordStream targetRecords = new ConsumerRecordStream(targetConsumer,
                     new TopicPartition(replica, tp.partition()), targetFrom, targetEnd, STALL, clock, targetAlias)) {
            return new PartitionComparer(tp.topic(), tp.partition(), replica, targetClusterId, translator::translate)
                    .compare(from, sourceRecords, sourceEnd, targetRecords, targetEnd, () -> {
                        if (++count[0] % PROGRESS_EVERY == 0) {
                            progress.compared(tp.topic(), tp.partition(), count[0],
                                    sourceRecords.bytes() + targetRecords.bytes());
                        }
                    });
        }
    }

    /**
     * The partition's stored progress once it has reached {@code sourceEnd} (the replicator saves it
     * about every second), or as it is after {@code wait}: what is not replicated then is reported.
     */
    private ReplicationPosition replicatedTo(Flow flow, TopicPartition tp, long sourceEnd, Duration wait) {
        try {
            return Polling.until(clock, wait, Duration.ofMillis(200),
                    () -> syncPoints.position(flow.name(), tp.topic(), tp.partition())
                            .orElse(ReplicationPosition.unknown()),
                    position -> position.nextSourceOffset() >= sourceEnd);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + tp + " to be replicated", e);
        }
    }

    private Map<TopicPartition, Long> firstOffsets(Admin admin, String cluster, Set<TopicPartition> partitions,
                                                   Start start) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
        Map<TopicPartition, Long> logStarts = new HashMap<>();
        await(admin.listOffsets(earliest).all(), cluster, "list offsets")
                .forEach((tp, info) -> logStarts.put(tp, info.offset()));
        if (start instanceof Start.FromOffset at) {
            logStarts.replaceAll((tp, logStart) -> Math.max(logStart, at.offset()));
        } else if (start instanceof Start.Since since) {
            notBefore(admin, cluster, partitions, since.age(), logStarts);
        } else if (start instanceof Start.AtOrAfter bound) {
            notBefore(admin, cluster, partitions, bound.window(), logStarts);
            bound.offsets().forEach((p, offset) -> logStarts.computeIfPresent(new TopicPartition(p.topic(), p.partition()),
                    (tp, from) -> Math.max(from, offset)));
        }
        return logStarts;
    }

    /** Moves each start up to the first record written at or after {@code now - age} (to the end when none is). */
    private void notBefore(Admin admin, String cluster, Set<TopicPartition> partitions, Duration age,
                           Map<TopicPartition, Long> logStarts) {
        long time = clock.instant().minus(age).toEpochMilli();
        Map<TopicPartition, OffsetSpec> byTime = new HashMap<>();
        partitions.forEach(tp -> byTime.put(tp, OffsetSpec.forTimestamp(time)));
        await(admin.listOffsets(byTime).all(), cluster, "list offsets").forEach((tp, info) -> {
            // None written since: start at the end (nothing to compare).
            if (info.offset() >= 0) {
                logStarts.merge(tp, info.offset(), Math::max);
            } else {
                logStarts.put(tp, Long.MAX_VALUE);
            }
        });
    }
}
