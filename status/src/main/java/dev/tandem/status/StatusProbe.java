package dev.tandem.status;

import dev.tandem.client.Checkpoint;
import dev.tandem.drills.QuartzCron;
import dev.tandem.failures.FailureClassifier;
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
    /** The most the store's readings wait, all of them together. */
    public static final Duration STORE_BOUND = Duration.ofSeconds(10);
    /** How many of the newest records of each sync point partition are read for each flow's newest one. */
    static final int SYNC_POINT_TAIL = 2_000;

    private final Playbook playbook;
    private final KafkaClients clients;
    private final Clock clock;
    private final java.util.concurrent.ExecutorService storeReader = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tandem-status-store");
        t.setDaemon(true);
        return t;
    });
    private java.util.concurrent.Future<List<FlowFacts>> pendingStoreRead;

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
        Map<String, Reading<Optional<Instant>>> syncPoints = new HashMap<>();
        for (Flow flow : playbook.flows()) {
            Reading<Map<String, Instant>> onTarget = syncPointsByTarget.get(flow.target());
            syncPoints.put(flow.name(), onTarget.problem().isPresent()
                    ? Reading.failed(onTarget.problem().get())
                    : Reading.of(Optional.ofNullable(onTarget.value().orElseThrow().get(flow.name()))));
        }
        Instant now = clock.instant();
        // The store is read on a thread of its own, so that a store that does not answer (a JDBC connect
        // or a lock that waits) bounds the status rather than hangs it; a read still waiting is not
        // joined by another (under --serve, an outage must not pile up threads and connections).
        if (pendingStoreRead != null && !pendingStoreRead.isDone()) {
            return fromStore(now, replicators, syncPoints, Optional.of("store not readable: still no answer to a read begun"
                    + " earlier"));
        }
        pendingStoreRead = storeReader.submit(() -> fromStore(now, replicators, syncPoints, Optional.empty()));
        try {
            return pendingStoreRead.get(STORE_BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return fromStore(now, replicators, syncPoints, Optional.of("store not readable: no answer within "
                    + dev.tandem.time.Durations.human(STORE_BOUND)));
        } catch (java.util.concurrent.ExecutionException e) {
            return fromStore(now, replicators, syncPoints, Optional.of("store not readable: " + problemOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fromStore(now, replicators, syncPoints, Optional.of("store not read: interrupted"));
        }
    }

    /** Each flow's facts, with the store's readings (or {@code storeProblem} for each of them when given). */
    private List<FlowFacts> fromStore(Instant now, Map<String, Reading<FlowFacts.Replicators>> replicators,
                                      Map<String, Reading<Optional<Instant>>> syncPoints, Optional<String> storeProblem) {
        Optional<String> problem = storeProblem;
        TandemStore store = null;
        if (problem.isEmpty()) {
            try {
                store = TandemStore.openForReading(playbook.store());
            } catch (RuntimeException e) {
                problem = Optional.of("store not readable: " + problemOf(e));
            }
        }
        try {
            List<FlowFacts> facts = new ArrayList<>();
            for (Flow flow : playbook.flows()) {
                facts.add(fromStore(flow, now, store, problem, replicators.get(flow.name()), syncPoints.get(flow.name())));
            }
            return facts;
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    /** A failure's own line (it names the cluster and the call), or its root cause's when it has none. */
    static String problemOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? FailureClassifier.rootMessage(e) : message;
    }

    private FlowFacts fromStore(Flow flow, Instant now, TandemStore store, Optional<String> storeProblem,
                                Reading<FlowFacts.Replicators> replicators, Reading<Optional<Instant>> syncPoint) {
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
            Optional<FlowFacts.Run> lastRun = last.map(r -> new FlowFacts.Run(r.finishedAt(), r.passed(), r.failures()));
            // the next run is due to have finished by the first firing after the last run began, plus as long as
            // that run took: a run in progress is not "missed"
            drills.add(new FlowFacts.Drill(drill.name(), drill.schedule(), lastRun,
                    drill.schedule().flatMap(s -> last.flatMap(r -> QuartzCron.nextAfter(s, r.startedAt())
                            .map(next -> next.plus(Duration.between(r.startedAt(), r.finishedAt()))))),
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
            return Reading.failed("store not readable: " + problemOf(e));
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
            return Reading.failed(problemOf(e));
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
            long deadline = System.nanoTime() + BOUND.toNanos(); // elapsed time, whatever the injected clock says
            while (!remaining.isEmpty() && System.nanoTime() - deadline < 0) {
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
            if (!remaining.isEmpty()) {
                // a flow's newest sync point may be in what was not read: not known is not shown as known
                return Reading.failed(remaining.size() + " of " + tps.size() + " partition(s) of " + InternalTopics.SYNC_POINTS
                        + " on " + target + " not read within " + dev.tandem.time.Durations.human(BOUND));
            }
            return Reading.of(newest);
        } catch (RuntimeException e) {
            return Reading.failed(problemOf(e));
        }
    }
}
