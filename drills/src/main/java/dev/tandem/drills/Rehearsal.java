package dev.tandem.drills;

import dev.tandem.client.CheckpointSource;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.InternalGroups;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.kafka.TopicRecords;
import dev.tandem.failover.CheckpointOrigin;
import dev.tandem.failover.Direction;
import dev.tandem.failover.FailbackCheckpoints;
import dev.tandem.failover.Failover;
import dev.tandem.failover.FailoverRun;
import dev.tandem.failover.GroupSelection;
import dev.tandem.offsets.OffsetTranslator;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.client.Translation;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.verifier.canary.Canary;
import dev.tandem.verifier.canary.CanaryRound;
import dev.tandem.verifier.checkpoint.CheckpointProbe;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The failover and failback rehearsals of a drill, with the drill's own group on the canary topic:
 * never an application's group or topic. The group reads part of a fresh batch of canaries on the
 * source and commits; at the cut, RPO is measured; the real failover code moves the group to the
 * target, where it must resume at exactly the next canary (RTO: from the failover's start to that
 * first record); failback then moves it home, after that record.
 */
final class Rehearsal {

    /** What the failover rehearsal found, for the failback rehearsal and the report. */
    record Moved(DrillReport.Rpo rpo, long rtoMs, CanaryRound.Sent resumedAt) {
    }

    private final Playbook playbook;
    private final Flow flow;
    private final String group;
    private final KafkaClients clients;
    private final CheckpointRepository checkpoints;
    private final SyncPointRepository syncPoints;
    private final Clock clock;

    Rehearsal(Playbook playbook, Flow flow, String drill, KafkaClients clients, CheckpointRepository checkpoints,
              SyncPointRepository syncPoints, Clock clock) {
        this.playbook = playbook;
        this.flow = flow;
        this.group = InternalGroups.drill(drill);
        this.clients = clients;
        this.checkpoints = checkpoints;
        this.syncPoints = syncPoints;
        this.clock = clock;
    }

    Moved failover() throws InterruptedException {
        String topic = playbook.verify().canaryTopic();
        Duration timeout = playbook.verify().timeout();
        CanaryRound.Outcome batch = new CanaryRound(clients, playbook.cluster(flow.source()), playbook.cluster(flow.target()),
                clock).run(UUID.randomUUID().toString(), topic, flow.targetTopic(topic), 10, Duration.ZERO, timeout);
        CheckpointResult checkpoint = new CheckpointProbe(clients, playbook.cluster(flow.source()),
                playbook.cluster(flow.target()), checkpoints, clock).probe(flow, group, topic, batch.sent(), timeout);
        RehearsalVerdicts.checkpointExact(checkpoint);
        CanaryRound.Sent next = batch.sent().stream().filter(s -> s.canary().partition() == 0
                && s.sourceOffset() == checkpoint.sourceOffset()).findFirst().orElseThrow();
        DrillReport.Rpo rpo = rpoAtCut(topic);
        Instant cut = clock.instant();
        move(flow, checkpoints);
        ConsumerRecord<byte[], byte[]> first = firstRecordOfGroup(playbook.cluster(flow.target()).alias(),
                new TopicPartition(flow.targetTopic(topic), 0), timeout);
        long rto = RecoveryObjectives.rtoMs(cut, clock.instant());
        RehearsalVerdicts.resumedAt(Canary.decode(first.value()), next.canary());
        return new Moved(rpo, rto, next);
    }

    /** Moves the group home through the reverse flow and checks it resumes after the record it read away. */
    void failback(Flow reverse, Moved moved) {
        Flow home = flow.backwards();
        try (Admin away = clients.admin(playbook.cluster(flow.target()))) {
            move(home, new FailbackCheckpoints(flow, reverse, syncPoints, checkpoints,
                    new ConsumerGroups(away, flow.target()), clock, false));
        }
        try (Admin source = clients.admin(playbook.cluster(flow.source()))) {
            Long at = new ConsumerGroups(source, flow.source()).describe(List.of(group)).get(group).committed()
                    .get(new dev.tandem.client.Partition(playbook.verify().canaryTopic(), 0));
            RehearsalVerdicts.backHome(at == null ? OptionalLong.empty() : OptionalLong.of(at),
                    moved.resumedAt().sourceOffset() + 1, playbook.verify().canaryTopic() + "-0");
        }
    }

    private void move(Flow along, CheckpointSource source) {
        FailoverRun run = new Failover(playbook, clients, source, clock).run(new Failover.Request(
                along.source().equals(flow.source()) ? Direction.FAILOVER : Direction.FAILBACK, along,
                new GroupSelection(List.of(group), Optional.empty(), false), false, false, false, "drill",
                CheckpointOrigin.STORE));
        RehearsalVerdicts.moved(run);
    }

    /**
     * Records on the source not yet replicated at the cut, through the stored sync points: the
     * canaries' and those of every topic the flow has replicated (its progress in the store).
     */
    private DrillReport.Rpo rpoAtCut(String canaryTopic) {
        Map<String, Map<Integer, ReplicationPosition>> positions = syncPoints.positions(flow.name());
        java.util.SortedSet<String> topics = new java.util.TreeSet<>(positions.keySet());
        topics.add(canaryTopic);
        Map<TopicPartition, Long> ends = new java.util.LinkedHashMap<>();
        try (Admin source = clients.admin(playbook.cluster(flow.source()))) {
            topics.forEach(topic -> ends.putAll(TopicOffsets.endOffsets(source, flow.source(), topic)));
        }
        Instant cut = clock.instant();
        List<RecoveryObjectives.Behind> behind = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            String topic = end.getKey().topic();
            int partition = end.getKey().partition();
            Translation t = new OffsetTranslator(syncPoints.loadFrom(flow.name(), topic, partition, end.getValue()),
                    positions.getOrDefault(topic, Map.of()).getOrDefault(partition, ReplicationPosition.unknown()))
                    .translate(end.getValue());
            long notYet = RecoveryObjectives.notYetReplicated(t);
            if (notYet > 0) {
                behind.add(new RecoveryObjectives.Behind(notYet, timestampAt(end.getKey(), end.getValue() - notYet)));
            }
        }
        return RecoveryObjectives.rpo(behind, cut);
    }

    /** When the record at {@code offset} of a source partition was written (its timestamp). */
    private Instant timestampAt(TopicPartition tp, long offset) {
        return TopicRecords.firstFrom(clients, playbook.cluster(flow.source()), tp, offset, Duration.ofSeconds(10), clock)
                .map(r -> Instant.ofEpochMilli(r.timestamp())).orElse(clock.instant());
    }

    /** The first record the drill group reads on the target after the move; it commits past it. */
    private ConsumerRecord<byte[], byte[]> firstRecordOfGroup(String cluster, TopicPartition tp, Duration timeout) {
        try (Consumer<byte[], byte[]> consumer = clients.consumer(playbook.cluster(cluster), Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
            consumer.assign(List.of(tp));
            Instant deadline = clock.instant().plus(timeout);
            while (clock.instant().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    consumer.commitSync(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)));
                    return record;
                }
            }
            throw new DrillStepException("the drill group read nothing on " + cluster + " within " + timeout.toSeconds()
                    + " s after the failover");
        }
    }
}
