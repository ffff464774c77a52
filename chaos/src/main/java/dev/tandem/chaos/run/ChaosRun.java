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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chaos run: a steady sequence-numbered workload on the source (plain, compacted and
 * transactional topics) and a consumer group committing there, two replicator processes sharing one
 * flow, the faults of the schedule one after another (each followed by the catch-up it costs), then
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
        Map<TopicPartition, Set<Long>> acknowledged;
        try (ClusterReads source = new ClusterReads(brokers.of(Side.SOURCE).bootstrap(), properties(Side.SOURCE));
             ClusterReads target = new ClusterReads(brokers.of(Side.TARGET).bootstrap(), properties(Side.TARGET))) {
            createTopics(source, topics);
            // each replicator its own H2 store: one process serving the file to the other would stall both when frozen
            // (see the README's store section); the checker reads the checkpoints from the target's topic
            List<Path> playbooks = List.of(writePlaybook(work, 0, flow, run, group), writePlaybook(work, 1, flow, run, group));
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
                Duration firstCopy = caughtUp(source, sourcePartitions, replicatorGroup, Duration.ofSeconds(120));
                out.println("both replicators started; caught up " + firstCopy.toMillis() + " ms after the first check");
                for (FaultSchedule.Step step : settings.schedule()) {
                    pause(step.pauseBefore());
                    replicators.restartExited().ifPresent(runFailures::add);
                    marks.add(targetEnds(target, replicaPartitions));
                    Duration at = Duration.ofNanos(System.nanoTime() - started);
                    out.println(String.format("%6.1f s  %s", at.toMillis() / 1000.0, step.fault().describe()));
                    out.flush();
                    apply(step.fault(), replicators);
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
                application.close();
                replicators.restartExited().ifPresent(runFailures::add);
                try {
                    caughtUp(source, sourcePartitions, replicatorGroup, settings.catchUpLimit());
                } catch (CatchUpTimeout e) {
                    runFailures.add("at the end the flow did not catch up within " + settings.catchUpLimit().toSeconds() + " s: "
                            + e.getMessage());
                }
                // the group's last commit, checkpointed: the translation checked below includes the final one
                awaitFinalCheckpoints(source, target, flow, group).ifPresent(runFailures::add);
            } finally {
                producer.close();
                application.close();
            }
            List<PartitionVerdict> verdicts = check(source, target, topics, flow, group, acknowledged, marks);
            return new ChaosReport(settings.seed(), settings.schedule(), outcomes, verdicts, runFailures,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private void apply(Fault fault, ReplicatorProcesses replicators) throws InterruptedException {
        if (fault instanceof Fault.KillReplicator k) {
            replicators.kill(k.replicator());
            replicators.start(k.replicator());
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
        }
    }

    private Map<String, Object> properties(Side side) {
        return new HashMap<>(brokers.of(side).clientProperties());
    }

    private void createTopics(ClusterReads source, List<WorkloadTopic> topics) throws Exception {
        List<NewTopic> create = new ArrayList<>();
        for (WorkloadTopic topic : topics) {
            NewTopic t = new NewTopic(topic.name(), topic.partitions(), (short) 1);
            if (topic.kind() == WorkloadTopic.Kind.COMPACTED) {
                t.configs(Map.of("cleanup.policy", "compact"));
            }
            create.add(t);
        }
        source.admin().createTopics(create).all().get(60, TimeUnit.SECONDS);
    }

    private Path writePlaybook(Path work, int replicator, String flow, String run, String group) throws IOException {
        Path playbook = work.resolve("playbook-" + replicator + ".yaml");
        Files.writeString(playbook, """
                version: 1
                clusters:
                  %s: %s
                  %s: %s
                store: { jdbc-url: "jdbc:h2:file:%s" }
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
                brokers.of(Side.TARGET).playbookEntry(), work.resolve("store-" + replicator), flow, brokers.of(Side.SOURCE).alias(),
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

    /** Waits (at most 60 s) until the newest checkpoint of each partition of the group names its final commit. */
    private static Optional<String> awaitFinalCheckpoints(ClusterReads source, ClusterReads target, String flow, String group) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            try {
                Map<TopicPartition, Long> committed = source.committed(group);
                Map<TopicPartition, Long> checkpointed = new HashMap<>();
                for (Checkpoint c : checkpoints(target, flow, group)) {
                    checkpointed.put(new TopicPartition(c.sourceTopic(), c.partition()), c.sourceOffset());
                }
                if (!committed.isEmpty() && checkpointed.entrySet().containsAll(committed.entrySet())) {
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

    /** Every checkpoint of the group in the target's checkpoint topic, in the order written (the newest last). */
    private static List<Checkpoint> checkpoints(ClusterReads target, String flow, String group) throws Exception {
        int partitions = target.admin().describeTopics(List.of(CheckpointRecordFormat.TOPIC)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(CheckpointRecordFormat.TOPIC).partitions().size();
        List<Checkpoint> all = new ArrayList<>();
        for (List<ConsumerRecord<byte[], byte[]>> records : target.readAll(CheckpointRecordFormat.TOPIC, partitions, false).values()) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                try {
                    CheckpointRecordFormat.decode(r.key(), r.value())
                            .filter(c -> c.flow().equals(flow) && c.group().equals(group)).ifPresent(all::add);
                } catch (RuntimeException undecodable) {
                    // another version's record: not this run's
                }
            }
        }
        return all;
    }

    private List<PartitionVerdict> check(ClusterReads source, ClusterReads target, List<WorkloadTopic> topics, String flow,
                                         String group, Map<TopicPartition, Set<Long>> acknowledged,
                                         List<Map<TopicPartition, Long>> marks) throws Exception {
        Map<TopicPartition, List<PartitionHistory.OffsetPair>> syncPoints = new HashMap<>();
        int syncPartitions = target.admin().describeTopics(List.of(InternalTopics.SYNC_POINTS)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(InternalTopics.SYNC_POINTS).partitions().size();
        for (List<ConsumerRecord<byte[], byte[]>> records : target.readAll(InternalTopics.SYNC_POINTS, syncPartitions, false).values()) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                try {
                    var decoded = SyncPointRecordFormat.decode(r.key(), r.value());
                    if (decoded.flow().equals(flow)) {
                        syncPoints.computeIfAbsent(new TopicPartition(decoded.point().sourceTopic(), decoded.point().partition()),
                                k -> new ArrayList<>()).add(new PartitionHistory.OffsetPair(decoded.point().sourceOffset(),
                                decoded.point().targetOffset()));
                    }
                } catch (RuntimeException undecodable) {
                    // another version's record
                }
            }
        }
        Map<TopicPartition, List<PartitionHistory.Translated>> translations = new HashMap<>();
        for (Checkpoint c : checkpoints(target, flow, group)) {
            Long targetOffset = c.translation() instanceof Translation.Exact e ? Long.valueOf(e.targetOffset())
                    : c.translation() instanceof Translation.AheadOfReplication a ? Long.valueOf(a.targetOffset()) : null;
            if (targetOffset != null) {
                translations.computeIfAbsent(new TopicPartition(c.sourceTopic(), c.partition()), k -> new ArrayList<>())
                        .add(new PartitionHistory.Translated(c.sourceOffset(), targetOffset,
                                c.translation() instanceof Translation.Exact));
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
                PartitionHistory history = new PartitionHistory(topic.name(), p, copies(onSource.get(p)),
                        copies(onTarget.get(p)), acknowledged.getOrDefault(tp, Set.of()),
                        syncPoints.getOrDefault(tp, List.of()), translations.getOrDefault(tp, List.of()), ends);
                verdicts.add(CopyChecker.check(history));
            }
        }
        return verdicts;
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
