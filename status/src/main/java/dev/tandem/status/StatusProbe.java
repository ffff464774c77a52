package dev.tandem.status;

import dev.tandem.client.Checkpoint;
import dev.tandem.drills.QuartzCron;
import dev.tandem.kafka.InternalGroups;
import dev.tandem.kafka.InternalTopics;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.offsets.SyncPointRecordFormat;
import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.status.FlowFacts.Reading;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.DrillRunRepository;
import dev.tandem.store.FailoverRepository;
import dev.tandem.store.MigrationRepository;
import dev.tandem.store.TandemStore;
import dev.tandem.store.VerificationRunRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Reads the facts {@link StatusRules} grades: each flow's replicator group on the source (its members),
 * the newest sync point in {@code __tandem.sync-points} on the target, and from the store the latest
 * checkpoints, verification, drill runs, failover and migration. Each reading is bounded by
 * {@link #BOUND}; one that fails is told as a problem, never thrown, so that the status answers
 * with the source cluster down.
 */
public final class StatusProbe {

    /** The most any one cluster call waits: the status must answer during an outage. */
    public static final Duration BOUND = Duration.ofSeconds(5);
    /** How many of the newest records of each sync point partition are read for each flow's newest one. */
    static final int SYNC_POINT_TAIL = 2_000;

    private final Playbook playbook;
    private final KafkaClients clients;
    private final Clock clock;

    public StatusProbe(Playbook playbook, KafkaClients clients, Clock clock) {
        this.playbook = playbook;
        this.clients = clients;
        this.clock = clock;
    }

    /** The facts of every flow of the playbook, now. */
    public List<FlowFacts> read() {
        Map<String, Reading<Map<String, Instant>>> syncPointsByTarget = new HashMap<>();
        Map<String, Reading<FlowFacts.Replicators>> replicators = new HashMap<>();
        for (Flow flow : playbook.flows()) {
            replicators.put(flow.name(), replicators(flow));
            syncPointsByTarget.computeIfAbsent(flow.target(), this::newestSyncPoints);
        }
        List<FlowFacts> facts = new ArrayList<>();
        Optional<String> storeProblem = Optional.empty();
        TandemStore store = null;
        try {
            store = TandemStore.open(playbook.store());
        } catch (RuntimeException e) {
            storeProblem = Optional.of("store not readable: " + dev.tandem.failures.FailureClassifier.rootMessage(e));
        }
        try {
            for (Flow flow : playbook.flows()) {
                Reading<Map<String, Instant>> syncPoints = syncPointsByTarget.get(flow.target());
                Reading<Optional<Instant>> newest = syncPoints.problem().isPresent()
                        ? Reading.failed(syncPoints.problem().get())
                        : Reading.of(Optional.ofNullable(syncPoints.value().orElseThrow().get(flow.name())));
                facts.add(fromStore(flow, store, storeProblem, replicators.get(flow.name()), newest));
            }
        } finally {
            if (store != null) {
                store.close();
            }
        }
        return facts;
    }

    private FlowFacts fromStore(Flow flow, TandemStore store, Optional<String> storeProblem, Reading<FlowFacts.Replicators> replicators,
                                Reading<Optional<Instant>> syncPoint) {
        Instant now = clock.instant();
        return new FlowFacts(flow.name(), flow.source(), flow.target(), replicators, syncPoint,
                stored(store, storeProblem, () -> {
                    List<Checkpoint> latest = new CheckpointRepository(store.jdbi()).latest(flow.name(), Optional.empty());
                    Optional<Instant> newestCheckpoint = latest.stream().map(Checkpoint::checkpointedAt)
                            .max(Instant::compareTo);
                    long notReplicated = latest.stream().mapToLong(Checkpoint::recordsNotYetReplicated).sum();
                    int groups = (int) latest.stream().map(Checkpoint::group).distinct().count();
                    return new FlowFacts.Checkpoints(groups, newestCheckpoint, notReplicated);
                }),
                stored(store, storeProblem, () -> new VerificationRunRepository(store.jdbi()).recent(flow.name(), 1)
                        .stream().findFirst().map(r -> new FlowFacts.Run(r.finishedAt(), r.passed(),
                                r.passed() ? "" : failuresOf(r.reportJson())))),
                stored(store, storeProblem, () -> drills(flow, store, now)),
                stored(store, storeProblem, () -> new FailoverRepository(store.jdbi()).recent(flow.name(), 20).stream()
                        .filter(r -> !r.dryRun()).findFirst()
                        .map(r -> new FlowFacts.Event(r.direction(), r.result(), r.startedAt(), r.operator()))),
                stored(store, storeProblem, () -> new MigrationRepository(store.jdbi()).recent(Optional.of(flow.name()), 20)
                        .stream().filter(r -> !r.dryRun()).findFirst()
                        .map(r -> new FlowFacts.Event("migration", r.result(), r.startedAt(), r.operator()))),
                playbook.failover().maxCheckpointAge(), playbook.verify().interval());
    }

    private List<FlowFacts.Drill> drills(Flow flow, TandemStore store, Instant now) {
        DrillRunRepository runs = new DrillRunRepository(store.jdbi());
        List<FlowFacts.Drill> drills = new ArrayList<>();
        for (DrillSpec drill : playbook.drills()) {
            if (!drill.flow().equals(flow.name())) {
                continue;
            }
            Optional<DrillRunRepository.Run> last = runs.recent(Optional.of(drill.name()), 1).stream().findFirst();
            drills.add(new FlowFacts.Drill(drill.name(), drill.schedule(),
                    drill.schedule().flatMap(s -> QuartzCron.interval(s, now)),
                    last.map(r -> new FlowFacts.Run(r.finishedAt(), r.passed(), r.failures())),
                    last.flatMap(DrillRunRepository.Run::rpoRecords), last.flatMap(DrillRunRepository.Run::rtoMs)));
        }
        return drills;
    }

    /** A verification report's failures, one line: the README's report schema has them under "failures". */
    private static String failuresOf(String reportJson) {
        try {
            var failures = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reportJson).path("failures");
            List<String> lines = new ArrayList<>();
            failures.forEach(f -> lines.add(f.isTextual() ? f.asText() : f.path("message").asText(f.toString())));
            return lines.isEmpty() ? "see tandem verify's report" : String.join("; ", lines);
        } catch (java.io.IOException e) {
            return "see tandem verify's report";
        }
    }

    private static <T> Reading<T> stored(TandemStore store, Optional<String> storeProblem, Supplier<T> read) {
        if (storeProblem.isPresent()) {
            return Reading.failed(storeProblem.get());
        }
        try {
            return Reading.of(read.get());
        } catch (RuntimeException e) {
            return Reading.failed("store not readable: " + dev.tandem.failures.FailureClassifier.rootMessage(e));
        }
    }

    /** The members of the flow's replicator group on its source. */
    private Reading<FlowFacts.Replicators> replicators(Flow flow) {
        String group = InternalGroups.REPLICATOR_PREFIX + flow.name();
        try (Admin admin = clients.admin(playbook.cluster(flow.source()))) {
            var described = admin.describeConsumerGroups(List.of(group),
                    new DescribeConsumerGroupsOptions().timeoutMs((int) BOUND.toMillis())).describedGroups().get(group);
            try {
                ConsumerGroupDescription d = KafkaCalls.await(described, flow.source(), "describe group " + group, BOUND);
                if (!d.members().isEmpty()) {
                    return Reading.of(new FlowFacts.Replicators(d.members().size(), true));
                }
            } catch (RuntimeException e) {
                if (!dev.tandem.failures.Causes.inChain(e, GroupIdNotFoundException.class)) {
                    throw e;
                }
            }
            // No member: a replicator joins the group only once the flow selects a topic.
            var topics = KafkaCalls.await(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
                    .timeoutMs((int) BOUND.toMillis())).names(), flow.source(), "list topics", BOUND);
            boolean selectsAny = !new dev.tandem.topics.TopicSelector(flow, playbook.verify().canaryTopic())
                    .select(topics).isEmpty();
            return Reading.of(new FlowFacts.Replicators(0, selectsAny));
        } catch (RuntimeException e) {
            return Reading.failed(e.getMessage());
        }
    }

    /** The time of each flow's newest sync point among the newest records of each partition of the target's topic. */
    private Reading<Map<String, Instant>> newestSyncPoints(String target) {
        Map<String, Object> bounded = Map.of(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BOUND.toMillis(),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BOUND.toMillis(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        try (Consumer<byte[], byte[]> consumer = clients.consumer(playbook.cluster(target), bounded)) {
            List<PartitionInfo> partitions;
            try {
                partitions = consumer.partitionsFor(InternalTopics.SYNC_POINTS, BOUND);
            } catch (RuntimeException e) {
                throw KafkaCalls.failed(e, target, "describe topic " + InternalTopics.SYNC_POINTS);
            }
            Map<String, Instant> newest = new HashMap<>();
            if (partitions == null || partitions.isEmpty()) {
                return Reading.of(newest);
            }
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> ends;
            Map<TopicPartition, Long> begins;
            try {
                ends = consumer.endOffsets(tps, BOUND);
                begins = consumer.beginningOffsets(tps, BOUND);
            } catch (RuntimeException e) {
                throw KafkaCalls.failed(e, target, "list the offsets of " + InternalTopics.SYNC_POINTS);
            }
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : tps) {
                long from = Math.max(begins.get(tp), ends.get(tp) - SYNC_POINT_TAIL);
                consumer.seek(tp, from);
                if (from < ends.get(tp)) {
                    remaining.put(tp, ends.get(tp));
                }
            }
            Instant deadline = clock.instant().plus(BOUND);
            while (!remaining.isEmpty() && clock.instant().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        var decoded = SyncPointRecordFormat.decode(r.key(), r.value());
                        newest.merge(decoded.flow(), decoded.point().time(), (a, b) -> a.isAfter(b) ? a : b);
                    } catch (RuntimeException undecodable) {
                        // a record of another version: not this one's to judge
                    }
                }
                remaining.entrySet().removeIf(e -> consumer.position(e.getKey(), BOUND) >= e.getValue());
            }
            return Reading.of(newest);
        } catch (RuntimeException e) {
            return Reading.failed(e.getMessage());
        }
    }
}
