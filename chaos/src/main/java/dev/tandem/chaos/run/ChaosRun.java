package dev.tandem.chaos.run;

import dev.tandem.chaos.check.CopyChecker;
import dev.tandem.chaos.check.PartitionHistory;
import dev.tandem.chaos.check.PartitionVerdict;
import dev.tandem.chaos.schedule.Fault;
import dev.tandem.chaos.schedule.Fault.Side;
import dev.tandem.chaos.schedule.FaultSchedule;
import dev.tandem.chaos.workload.SequenceProducer;
import dev.tandem.chaos.workload.Sequenced;
import dev.tandem.chaos.workload.SourceGroup;
import dev.tandem.chaos.workload.WorkloadTopic;
import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointRecordFormat;
import dev.tandem.client.Translation;
import dev.tandem.kafka.InternalTopics;
import dev.tandem.offsets.SyncPointRecordFormat;
import dev.tandem.store.SourceGapRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chaos run: a steady sequence-numbered workload on the source (plain, compacted and
 * transactional topics) and a consumer group committing there, two replicator processes sharing one
 * flow and one PostgreSQL store, the faults of the schedule one after another (each followed by the catch-up it costs), then
 * the checker over every partition of the source, the target, the sync points and the checkpoints.
 */
public final class ChaosRun {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);

    /**
     * @param recordsPerSecond the plain topic's rate (the compacted and the transactional one write a quarter each)
     * @param catchUpLimit     how long the flow may take to catch up after a fault before the run fails
     */
    public record Settings(long seed, List<FaultSchedule.Step> schedule, int recordsPerSecond, Path work,
                           List<String> tandemCommand, Duration catchUpLimit) {
        public Settings {
            schedule = List.copyOf(schedule);
            tandemCommand = List.copyOf(tandemCommand);
        }
    }

    private final Settings settings;
    private final Brokers brokers;
    private final java.io.PrintStream out;
    /** Per source partition: every record below this offset was deleted by the run (retention). */
    private final Map<TopicPartition, Long> deletedBelow = new HashMap<>();
    /** Per partition of the re-created topic: its old topic's records, and where the new one begins. */
    private final Map<TopicPartition, Recreation> recreations = new HashMap<>();
    /**
     * Per partition of the refilled topic: when its refill began (epoch ms, both replicators stopped), and
     * the index of the fault; the sync points and checkpoints written before name the deleted replica.
     */
    private final Map<TopicPartition, Refill> refills = new HashMap<>();
    /** The faults started so far: the one being applied is number {@code faultsStarted} (from 1). */
    private int faultsStarted;

    /** A replica deleted and refilled: from when its sync points and checkpoints count, and at which fault. */
    private record Refill(long since, int fault) {
    }

    /** What every replicator that stops on a replica deleted under it says (the README's Faults section). */
    static final String REPLICA_REWOUND = "ends before what the flow had copied into it";

    /**
     * A partition whose topic the run deleted and re-created: the old topic's records, the replica's end
     * once they were all copied (the new topic's copies come after it), the new topic's first sequence
     * number, and when it was created again.
     */
    private record Recreation(List<PartitionHistory.Copy> oldRecords, long boundary, long firstNewSeq, long at) {
    }

    /** What a fault acts on. */
    private record Under(ReplicatorProcesses replicators, PostgresStore store, ClusterReads source, ClusterReads target,
                         SequenceProducer producer, List<WorkloadTopic> topics, String replicatorGroup) {
    }

    public ChaosRun(Settings settings, Brokers brokers, java.io.PrintStream out) {
        this.settings = settings;
        this.brokers = brokers;
        this.out = out;
    }

    public ChaosReport run() throws Exception {
        long started = System.nanoTime();
        String run = "chaos-" + Long.toHexString(settings.seed() & 0xffffff) + "-" + Long.toHexString(System.nanoTime() & 0xfffff);
        String flow = run;
        String group = run + "-app";
        List<WorkloadTopic> topics = WorkloadTopic.of(run, settings.recordsPerSecond());
        Path work = settings.work().resolve(run);
        Files.createDirectories(work);
        out.print(FaultSchedule.describe(settings.seed(), settings.schedule()));
        out.println("run " + run + ": work folder " + work);
        out.flush();

        List<String> runFailures = new ArrayList<>();
        List<ChaosReport.FaultOutcome> outcomes = new ArrayList<>();
        List<Map<TopicPartition, Long>> marks = new ArrayList<>();
        Map<TopicPartition, Map<Long, Long>> acknowledged;
        try (ClusterReads source = new ClusterReads(brokers.of(Side.SOURCE).bootstrap(), properties(Side.SOURCE));
             ClusterReads target = new ClusterReads(brokers.of(Side.TARGET).bootstrap(), properties(Side.TARGET));
             PostgresStore store = new PostgresStore(work.resolve("postgres"))) {
            createTopics(source, topics);
            // one PostgreSQL store shared by both replicators, as on several hosts (an H2 file served by one process
            // would stall both when that one is frozen: see the README's store section); the checker reads the
            // checkpoints from the target's topic and the source gaps from the store
            List<Path> playbooks = List.of(writePlaybook(work, 0, flow, run, group, store),
                    writePlaybook(work, 1, flow, run, group, store));
            List<TopicPartition> sourcePartitions = partitions(topics, "");
            List<TopicPartition> replicaPartitions = partitions(topics, brokers.of(Side.SOURCE).alias() + ".");
            String replicatorGroup = dev.tandem.kafka.InternalGroups.REPLICATOR_PREFIX + flow;

            SequenceProducer producer = new SequenceProducer(brokers.of(Side.SOURCE).bootstrap(),
                    properties(Side.SOURCE), topics);
            SourceGroup application = new SourceGroup(brokers.of(Side.SOURCE).bootstrap(), properties(Side.SOURCE),
                    group, topics);
            try (ReplicatorProcesses replicators = new ReplicatorProcesses(settings.tandemCommand(), playbooks, work)) {
                producer.start();
                application.start();
                replicators.start(0);
                replicators.start(1);
                // every partition written to before the first check: its end is above 0, so the flow has copied and
                // committed each one before the first fault (a partition it never committed starts at its log start)
                pause(Duration.ofSeconds(3));
                Duration firstCopy = caughtUp(source, sourcePartitions, replicatorGroup, Duration.ofSeconds(120));
                out.println("both replicators started; caught up " + firstCopy.toMillis() + " ms after the first check");
                for (FaultSchedule.Step step : settings.schedule()) {
                    pause(step.pauseBefore());
                    replicators.restartExited().ifPresent(runFailures::add);
                    marks.add(targetEnds(target, replicaPartitions));
                    faultsStarted++;
                    Duration at = Duration.ofNanos(System.nanoTime() - started);
                    out.println(String.format("%6.1f s  %s", at.toMillis() / 1000.0, step.fault().describe()));
                    out.flush();
                    apply(step.fault(), new Under(replicators, store, source, target, producer, topics, replicatorGroup));
                    long before = System.nanoTime();
                    Duration catchUp;
                    boolean caught = true;
                    try {
                        catchUp = caughtUp(source, sourcePartitions, replicatorGroup, settings.catchUpLimit());
                    } catch (CatchUpTimeout e) {
                        caught = false;
                        catchUp = settings.catchUpLimit();
                        runFailures.add("after '" + step.fault().describe() + "' the flow did not catch up within "
                                + settings.catchUpLimit().toSeconds() + " s: " + e.getMessage());
                        replicators.restartExited().ifPresent(runFailures::add);
                    }
                    outcomes.add(new ChaosReport.FaultOutcome(step.fault().describe(), at, catchUp, caught));
                    out.println(String.format("          caught up in %.1f s", (System.nanoTime() - before) / 1e9));
                }
                acknowledged = producer.stop();
                producer.failure().ifPresent(runFailures::add);
                application.close();
                replicators.restartExited().ifPresent(runFailures::add);
                try {
                    caughtUp(source, sourcePartitions, replicatorGroup, settings.catchUpLimit());
                } catch (CatchUpTimeout e) {
                    runFailures.add("at the end the flow did not catch up within " + settings.catchUpLimit().toSeconds() + " s: "
                            + e.getMessage());
                }
                // the group's last commit, checkpointed: the translation checked below includes the final one
                awaitFinalCheckpoints(source, target, flow, group, sourcePartitions).ifPresent(runFailures::add);
            } finally {
                producer.close();
                application.close();
            }
            List<PartitionVerdict> verdicts = check(work, source, target, topics, flow, group, acknowledged, marks,
                    store.sourceGaps(flow));
            return new ChaosReport(settings.seed(), settings.schedule(), outcomes, verdicts, runFailures,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private void apply(Fault fault, Under under) throws Exception {
        ReplicatorProcesses replicators = under.replicators();
        if (fault instanceof Fault.KillReplicator k) {
            replicators.kill(k.replicator());
            replicators.startAndAwaitRunning(k.replicator(), Duration.ofSeconds(60));
        } else if (fault instanceof Fault.FreezeReplicator f) {
            replicators.freeze(f.replicator());
            try {
                pause(f.duration());
            } finally {
                replicators.thaw(f.replicator());
            }
        } else if (fault instanceof Fault.FreezeBroker f) {
            brokers.of(f.side()).freeze();
            try {
                pause(f.duration());
            } finally {
                brokers.of(f.side()).thaw();
            }
        } else if (fault instanceof Fault.RestartBroker r) {
            if (r.hard()) {
                brokers.of(r.side()).stop();
            } else {
                brokers.of(r.side()).terminate();
            }
            brokers.of(r.side()).start();
        } else if (fault instanceof Fault.Unreachable u) {
            brokers.of(u.side()).stop();
            try {
                pause(u.duration());
            } finally {
                brokers.of(u.side()).start();
            }
        } else if (fault instanceof Fault.StoreUnreachable s) {
            under.store().stop();
            try {
                pause(s.duration());
            } finally {
                under.store().start();
            }
        } else if (fault instanceof Fault.RecreateSourceTopic r) {
            recreate(r, under);
        } else if (fault instanceof Fault.DeleteReplica) {
            deleteReplica(under);
        } else if (fault instanceof Fault.SourceRetention r) {
            for (int i = 0; i < replicators.count(); i++) {
                replicators.stop(i);
            }
            try {
                pause(r.stopped());
                // the re-created and the refilled topics are left out: the checker tells their two lives apart
                deleteUpToTheEnd(under.source(), partitions(under.topics().stream()
                        .filter(t -> t.kind() != WorkloadTopic.Kind.RECREATED && t.kind() != WorkloadTopic.Kind.REFILLED)
                        .toList(), ""));
            } finally {
                for (int i = 0; i < replicators.count(); i++) {
                    replicators.start(i);
                }
            }
        }
    }

    /** Deletes and re-creates the workload's re-created topic once the flow has copied all of it (see the fault). */
    private void recreate(Fault.RecreateSourceTopic fault, Under under) throws Exception {
        WorkloadTopic topic = under.topics().stream().filter(t -> t.kind() == WorkloadTopic.Kind.RECREATED).findFirst()
                .orElseThrow();
        List<TopicPartition> tps = partitions(List.of(topic), "");
        List<TopicPartition> replicas = partitions(List.of(topic), brokers.of(Side.SOURCE).alias() + ".");
        under.producer().pause(topic.name()); // returns once what was in flight is acknowledged (or failed)
        try {
            caughtUp(under.source(), tps, under.replicatorGroup(), settings.catchUpLimit());
        } catch (CatchUpTimeout e) {
            throw new IllegalStateException("before re-creating " + topic.name() + " the flow did not copy it all: "
                    + e.getMessage(), e);
        }
        var old = under.source().readAll(topic.name(), topic.partitions(), true);
        Map<TopicPartition, Long> boundaries = under.target().committedEnds(replicas);
        under.source().admin().deleteTopics(List.of(topic.name())).all().get(60, TimeUnit.SECONDS);
        pause(fault.seen()); // the flow's topic refresh (2 s) sees it gone
        createTopics(under.source(), List.of(topic));
        long at = System.currentTimeMillis();
        for (int p = 0; p < topic.partitions(); p++) {
            TopicPartition tp = tps.get(p);
            recreations.put(tp, new Recreation(copies(old.get(p)), boundaries.get(replicas.get(p)),
                    under.producer().nextSeq(tp), at));
        }
        under.producer().resume(topic.name());
        out.println("          re-created " + topic.name() + "; its new records follow the replica's ends " + boundaries);
    }

    /**
     * Deletes the refilled topic's replica on the target under the flow, waits for both replicators to stop
     * on it (each saying so in its log), then refills it as their line says: the replica deleted again (the
     * flow's topic refresh re-created it), the replicators' group reset to the earliest offset for the topic
     * on the source, both started again.
     */
    private void deleteReplica(Under under) throws Exception {
        WorkloadTopic topic = under.topics().stream().filter(t -> t.kind() == WorkloadTopic.Kind.REFILLED).findFirst()
                .orElseThrow();
        String replica = brokers.of(Side.SOURCE).alias() + "." + topic.name();
        ReplicatorProcesses replicators = under.replicators();
        List<Long> logsBefore = new ArrayList<>();
        for (int i = 0; i < replicators.count(); i++) {
            logsBefore.add(Files.size(replicators.log(i)));
        }
        under.target().admin().deleteTopics(List.of(replica)).all().get(60, TimeUnit.SECONDS);
        long deleted = System.nanoTime();
        for (int i = 0; i < replicators.count(); i++) {
            // each stops once a copy lands before the end it knew (one of them after taking the other's partitions)
            if (!replicators.awaitExit(i, Duration.ofSeconds(240))) {
                throw new IllegalStateException("replicator " + i + " did not stop within 240 s of " + replica
                        + " being deleted on the target (see " + replicators.log(i) + ")");
            }
            String told = Files.readString(replicators.log(i)).substring(Math.toIntExact(logsBefore.get(i)));
            if (!told.contains(REPLICA_REWOUND)) {
                throw new IllegalStateException("replicator " + i + " stopped (exit " + replicators.exitValue(i)
                        + ") without saying the replica " + replica + " " + REPLICA_REWOUND + " (see " + replicators.log(i) + ")");
            }
        }
        out.println(String.format("          both replicators stopped on it, %.1f s after the deletion, with the line",
                (System.nanoTime() - deleted) / 1e9));
        // the refill, as the line says
        var existing = under.target().admin().listTopics().names().get(30, TimeUnit.SECONDS);
        if (existing.contains(replica)) {
            under.target().admin().deleteTopics(List.of(replica)).all().get(60, TimeUnit.SECONDS);
        }
        List<TopicPartition> tps = partitions(List.of(topic), "");
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        tps.forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> reset = new HashMap<>();
        under.source().admin().listOffsets(earliest).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, start) -> reset.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(start.offset())));
        resetWhenEmpty(under.source(), under.replicatorGroup(), reset);
        awaitGone(under.target(), replica);
        long since = System.currentTimeMillis();
        tps.forEach(tp -> refills.put(tp, new Refill(since, faultsStarted)));
        for (int i = 0; i < replicators.count(); i++) {
            replicators.start(i);
        }
        out.println("          refilling " + replica + " from the source's first records " + reset.values().stream()
                .map(org.apache.kafka.clients.consumer.OffsetAndMetadata::offset).toList());
    }

    /** The group's offsets altered once its members have left (the broker refuses while it has any), within 60 s. */
    private static void resetWhenEmpty(ClusterReads source, String group,
                                       Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                source.admin().alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            pause(Duration.ofMillis(500));
        }
    }

    private static void awaitGone(ClusterReads target, String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (target.admin().listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(topic + " still on the target 60 s after it was deleted");
            }
            pause(Duration.ofMillis(250));
        }
    }

    /** As retention does, sooner: every record of each partition up to its end now deleted (remembered for the checker). */
    private void deleteUpToTheEnd(ClusterReads source, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        source.admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, end) -> delete.put(tp, RecordsToDelete.beforeOffset(end.offset())));
        source.admin().deleteRecords(delete).all().get(60, TimeUnit.SECONDS);
        delete.forEach((tp, d) -> deletedBelow.merge(tp, d.beforeOffset(), Math::max));
        out.println("          deleted on the source below " + new java.util.TreeMap<>(delete.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().beforeOffset()))));
    }

    private Map<String, Object> properties(Side side) {
        return new HashMap<>(brokers.of(side).clientProperties());
    }

    private void createTopics(ClusterReads source, List<WorkloadTopic> topics) throws Exception {
        List<NewTopic> create = new ArrayList<>();
        for (WorkloadTopic topic : topics) {
            NewTopic t = new NewTopic(topic.name(), topic.partitions(), (short) 1);
            if (topic.kind() == WorkloadTopic.Kind.COMPACTED) {
                // compacted, and deletable as retention would (deleteRecords needs "delete" in the policy); keys are unique
                t.configs(Map.of("cleanup.policy", "compact,delete", "retention.ms", "-1"));
            }
            create.add(t);
        }
        source.admin().createTopics(create).all().get(60, TimeUnit.SECONDS);
    }

    private Path writePlaybook(Path work, int replicator, String flow, String run, String group, PostgresStore store)
            throws IOException {
        Path playbook = work.resolve("playbook-" + replicator + ".yaml");
        Files.writeString(playbook, """
                version: 1
                clusters:
                  %s: %s
                  %s: %s
                store: { jdbc-url: "%s", user: %s }
                flows:
                  - name: %s
                    source: %s
                    target: %s
                    topics: { include: ["%s\\\\..*"] }
                    naming: prefix
                    groups: { include: ["%s"] }
                    topic-refresh: 2s
                    checkpoint-interval: 2s
                """.formatted(brokers.of(Side.SOURCE).alias(), brokers.of(Side.SOURCE).playbookEntry(), brokers.of(Side.TARGET).alias(),
                brokers.of(Side.TARGET).playbookEntry(), store.jdbcUrl(), store.user(), flow, brokers.of(Side.SOURCE).alias(),
                brokers.of(Side.TARGET).alias(), run.replace(".", "\\\\."), group));
        return playbook;
    }

    private static List<TopicPartition> partitions(List<WorkloadTopic> topics, String prefix) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (WorkloadTopic topic : topics) {
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(prefix + topic.name(), p));
            }
        }
        return partitions;
    }

    private static Map<TopicPartition, Long> targetEnds(ClusterReads target, List<TopicPartition> replicas) {
        try {
            return target.committedEnds(replicas);
        } catch (Exception e) {
            // not yet created, or the target is down: a mark of 0 attributes nothing wrongly, only less precisely
            LOG.debug("target ends not read: {}", e.toString());
            return Map.of();
        }
    }

    /** Thrown when the flow is still behind at the limit: which partitions, by how much. */
    static final class CatchUpTimeout extends Exception {
        CatchUpTimeout(String message) {
            super(message);
        }
    }

    /**
     * Waits until the replicators' group has committed, on every source partition, the end that partition
     * had when this began (everything written before is copied and committed); returns how long that took.
     */
    private static Duration caughtUp(ClusterReads source, List<TopicPartition> partitions, String replicatorGroup,
                                     Duration limit) throws CatchUpTimeout {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        Map<TopicPartition, Long> goal = null;
        String behind = "the source did not answer";
        while (System.nanoTime() - deadline < 0) {
            try {
                if (goal == null) {
                    goal = source.committedEnds(partitions);
                }
                Map<TopicPartition, Long> committed = source.committed(replicatorGroup);
                Map<TopicPartition, Long> lagging = new HashMap<>();
                for (Map.Entry<TopicPartition, Long> end : goal.entrySet()) {
                    long at = committed.getOrDefault(end.getKey(), 0L);
                    if (at < end.getValue()) {
                        lagging.put(end.getKey(), end.getValue() - at);
                    }
                }
                if (lagging.isEmpty()) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                behind = "behind by " + lagging;
            } catch (Exception e) {
                behind = "the source did not answer: " + e;
            }
            pause(Duration.ofMillis(250));
        }
        throw new CatchUpTimeout(behind);
    }

    /**
     * Waits (at most 60 s) until the group has committed on every partition of the workload and the newest
     * checkpoint of each names its final commit.
     */
    private static Optional<String> awaitFinalCheckpoints(ClusterReads source, ClusterReads target, String flow, String group,
                                                          List<TopicPartition> partitions) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            try {
                Map<TopicPartition, Long> committed = source.committed(group);
                Map<TopicPartition, Long> checkpointed = new HashMap<>();
                for (Checkpoint c : checkpoints(target, flow, group).stream().map(Stamped::checkpoint).toList()) {
                    checkpointed.put(new TopicPartition(c.sourceTopic(), c.partition()), c.sourceOffset());
                }
                List<TopicPartition> uncommitted = partitions.stream().filter(tp -> !committed.containsKey(tp)).toList();
                if (!uncommitted.isEmpty()) {
                    return Optional.of("the group " + group + " committed nothing on " + uncommitted
                            + " by the end of the run: their checkpoints cannot be checked");
                }
                if (checkpointed.entrySet().containsAll(committed.entrySet())) {
                    return Optional.empty();
                }
                last = "committed " + committed + ", newest checkpoints " + checkpointed;
            } catch (Exception e) {
                last = e.toString();
            }
            pause(Duration.ofMillis(500));
        }
        return Optional.of("the group's final commit was not checkpointed within 60 s: " + last);
    }

    /** A sync point and when it was written (its record's timestamp). */
    private record StampedPoint(PartitionHistory.OffsetPair pair, long at) {
    }

    /** A checkpoint and when it was written (its record's timestamp). */
    private record Stamped(Checkpoint checkpoint, long timestamp) {
    }

    /** Every checkpoint of the group in the target's checkpoint topic, in the order written (the newest last). */
    private static List<Stamped> checkpoints(ClusterReads target, String flow, String group) throws Exception {
        int partitions = target.admin().describeTopics(List.of(CheckpointRecordFormat.TOPIC)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(CheckpointRecordFormat.TOPIC).partitions().size();
        List<Stamped> all = new ArrayList<>();
        for (List<ConsumerRecord<byte[], byte[]>> records : target.readAll(CheckpointRecordFormat.TOPIC, partitions, false).values()) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                try {
                    CheckpointRecordFormat.decode(r.key(), r.value())
                            .filter(c -> c.flow().equals(flow) && c.group().equals(group))
                            .ifPresent(c -> all.add(new Stamped(c, r.timestamp())));
                } catch (RuntimeException undecodable) {
                    // another version's record: not this run's
                }
            }
        }
        return all;
    }

    private List<PartitionVerdict> check(Path work, ClusterReads source, ClusterReads target, List<WorkloadTopic> topics, String flow,
                                         String group, Map<TopicPartition, Map<Long, Long>> acknowledged,
                                         List<Map<TopicPartition, Long>> marks, List<SourceGapRepository.Gap> gaps)
            throws Exception {
        Map<TopicPartition, List<PartitionHistory.OffsetPair>> syncPoints = new HashMap<>();
        Map<TopicPartition, List<StampedPoint>> stampedPoints = new HashMap<>();
        int syncPartitions = target.admin().describeTopics(List.of(InternalTopics.SYNC_POINTS)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(InternalTopics.SYNC_POINTS).partitions().size();
        for (List<ConsumerRecord<byte[], byte[]>> records : target.readAll(InternalTopics.SYNC_POINTS, syncPartitions, false).values()) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                try {
                    var decoded = SyncPointRecordFormat.decode(r.key(), r.value());
                    if (decoded.flow().equals(flow)) {
                        PartitionHistory.OffsetPair pair = new PartitionHistory.OffsetPair(decoded.point().sourceOffset(),
                                decoded.point().targetOffset());
                        TopicPartition tp = new TopicPartition(decoded.point().sourceTopic(), decoded.point().partition());
                        syncPoints.computeIfAbsent(tp, k -> new ArrayList<>()).add(pair);
                        stampedPoints.computeIfAbsent(tp, k -> new ArrayList<>()).add(new StampedPoint(pair, r.timestamp()));
                    }
                } catch (RuntimeException undecodable) {
                    // another version's record
                }
            }
        }
        Map<TopicPartition, List<PartitionHistory.Translated>> translations = new HashMap<>();
        Map<PartitionHistory.Translated, Long> writtenAt = new HashMap<>();
        for (Stamped stamped : checkpoints(target, flow, group)) {
            Checkpoint c = stamped.checkpoint();
            Long targetOffset = c.translation() instanceof Translation.Exact e ? Long.valueOf(e.targetOffset())
                    : c.translation() instanceof Translation.AheadOfReplication a ? Long.valueOf(a.targetOffset()) : null;
            if (targetOffset != null) {
                PartitionHistory.Translated t = new PartitionHistory.Translated(c.sourceOffset(), targetOffset,
                        c.translation() instanceof Translation.Exact);
                translations.computeIfAbsent(new TopicPartition(c.sourceTopic(), c.partition()), k -> new ArrayList<>()).add(t);
                writtenAt.merge(t, stamped.timestamp(), Math::min);
            }
        }
        List<PartitionVerdict> verdicts = new ArrayList<>();
        for (WorkloadTopic topic : topics) {
            var onSource = source.readAll(topic.name(), topic.partitions(), true);
            String replica = brokers.of(Side.SOURCE).alias() + "." + topic.name();
            var onTarget = target.readAll(replica, topic.partitions(), false);
            for (int p = 0; p < topic.partitions(); p++) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                TopicPartition replicaTp = new TopicPartition(replica, p);
                List<Long> ends = new ArrayList<>();
                for (Map<TopicPartition, Long> mark : marks) {
                    ends.add(mark.getOrDefault(replicaTp, 0L));
                }
                Map<Long, Long> acked = acknowledged.getOrDefault(tp, Map.of());
                List<PartitionHistory.Range> reported = gaps.stream().filter(g -> g.topic().equals(tp.topic())
                        && g.partition() == tp.partition()).map(g -> new PartitionHistory.Range(g.from(), g.to())).toList();
                Recreation re = recreations.get(tp);
                if (re != null) {
                    // two topics under one name: the old one's records and copies (below the boundary), then the new one's
                    List<PartitionHistory.Copy> copies = copies(onTarget.get(p));
                    List<PartitionHistory.OffsetPair> points = syncPoints.getOrDefault(tp, List.of());
                    List<PartitionHistory.Translated> checkpoints = translations.getOrDefault(tp, List.of());
                    java.util.function.Predicate<PartitionHistory.Translated> oldCheckpoint = t -> t.targetOffset() < re.boundary()
                            || t.targetOffset() == re.boundary() && writtenAt.get(t) < re.at();
                    verdicts.add(CopyChecker.check(new PartitionHistory(topic.name() + "[old]", p, re.oldRecords(),
                            copies.stream().filter(c -> c.offset() < re.boundary()).toList(),
                            acked.keySet().stream().filter(seq -> seq < re.firstNewSeq()).collect(java.util.stream.Collectors.toSet()),
                            points.stream().filter(o -> o.targetOffset() < re.boundary()).toList(),
                            checkpoints.stream().filter(oldCheckpoint).toList(), ends)));
                    verdicts.add(CopyChecker.check(new PartitionHistory(topic.name() + "[new]", p, copies(onSource.get(p)),
                            copies.stream().filter(c -> c.offset() >= re.boundary()).toList(),
                            acked.keySet().stream().filter(seq -> seq >= re.firstNewSeq()).collect(java.util.stream.Collectors.toSet()),
                            points.stream().filter(o -> o.targetOffset() >= re.boundary()).toList(),
                            checkpoints.stream().filter(oldCheckpoint.negate()).toList(), ends)));
                    continue;
                }
                Refill refill = refills.get(tp);
                if (refill != null) {
                    // the replica now on the target is the refill's: only what was written since names its records
                    List<Long> refillEnds = new ArrayList<>();
                    for (int i = 0; i < ends.size(); i++) {
                        refillEnds.add(i < refill.fault() ? 0L : ends.get(i));
                    }
                    verdicts.add(CopyChecker.check(new PartitionHistory(topic.name(), p, copies(onSource.get(p)),
                            copies(onTarget.get(p)), acked.keySet(),
                            stampedPoints.getOrDefault(tp, List.of()).stream()
                                    .filter(o -> o.at() >= refill.since()).map(StampedPoint::pair).toList(),
                            translations.getOrDefault(tp, List.of()).stream()
                                    .filter(t -> writtenAt.get(t) >= refill.since()).toList(), refillEnds)));
                    continue;
                }
                PartitionHistory history = new PartitionHistory(topic.name(), p, copies(onSource.get(p)),
                        copies(onTarget.get(p)), acked.keySet(), syncPoints.getOrDefault(tp, List.of()),
                        translations.getOrDefault(tp, List.of()), ends,
                        new PartitionHistory.Deletions(deletedBelow.getOrDefault(tp, 0L), acked, reported));
                PartitionVerdict verdict = CopyChecker.check(history);
                verdicts.add(verdict);
                if (!verdict.failures().isEmpty()) {
                    writeHistory(work.resolve(history.name() + ".history"), history, stampedPoints.getOrDefault(tp, List.of()),
                            writtenAt);
                }
            }
        }
        return verdicts;
    }

    /** A failed partition's whole history, one fact per line, next to the replicators' logs: what a failure is read from. */
    private static void writeHistory(Path file, PartitionHistory h, List<StampedPoint> points,
                                     Map<PartitionHistory.Translated, Long> writtenAt) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        lines.add("deleted below " + h.deletions().below() + "; reported gaps " + h.deletions().reportedGaps());
        h.onSource().forEach(c -> lines.add("source " + c.offset() + " seq " + c.seq()));
        h.onTarget().forEach(c -> lines.add("target " + c.offset() + " seq " + c.seq()));
        points.forEach(p -> lines.add("sync-point " + p.pair().sourceOffset() + " -> " + p.pair().targetOffset() + " at " + p.at()));
        h.checkpoints().forEach(t -> lines.add("checkpoint " + t.sourceOffset() + " -> " + t.targetOffset()
                + (t.exact() ? " exact" : " ahead") + " at " + writtenAt.get(t)));
        java.nio.file.Files.write(file, lines);
    }

    private static List<PartitionHistory.Copy> copies(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new PartitionHistory.Copy(r.offset(), Sequenced.seq(r.value()))).toList();
    }

    /** The run's own pacing (not a test's wait): the workload goes on meanwhile. */
    private static void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
