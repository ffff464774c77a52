package dev.tandem.verifier.checkpoint;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointKind;
import dev.tandem.client.CheckpointSource;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicRecords;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.time.Polling;
import dev.tandem.verifier.canary.Canary;
import dev.tandem.verifier.canary.CanaryRound;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits the verifier's group on the source at a known canary (the middle one of the run's
 * canaries in partition 0: the group has "read" those before it), waits for the flow's
 * checkpointer to checkpoint that offset, and reads the record the checkpoint points at on the target.
 */
public final class CheckpointProbe {

    private final KafkaClients clients;
    private final ClusterSpec source;
    private final ClusterSpec target;
    private final CheckpointSource checkpoints;
    private final Clock clock;

    public CheckpointProbe(KafkaClients clients, ClusterSpec source, ClusterSpec target, CheckpointSource checkpoints,
                           Clock clock) {
        this.clients = clients;
        this.source = source;
        this.target = target;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    public CheckpointResult probe(Flow flow, String group, String topic, List<CanaryRound.Sent> sent, Duration timeout)
            throws InterruptedException {
        List<CanaryRound.Sent> inPartition = sent.stream().filter(s -> s.canary().partition() == 0).toList();
        if (inPartition.isEmpty()) {
            return failed(group, topic, -1, "no canary was sent to partition 0");
        }
        CanaryRound.Sent known = inPartition.get(inPartition.size() / 2);
        commit(group, topic, known.sourceOffset());
        Optional<Checkpoint> checkpoint = awaitCheckpoint(flow, group, topic, known.sourceOffset(), timeout);
        if (checkpoint.isEmpty()) {
            Optional<Checkpoint> other = latest(flow, group, topic, known.sourceOffset());
            String problem = other.map(c -> "the checkpoint of offset " + known.sourceOffset() + " is still "
                    + c.kind().wireName() + " after " + timeout.toSeconds() + " s")
                    .orElse("no checkpoint of offset " + known.sourceOffset() + " within " + timeout.toSeconds()
                            + " s (is tandem replicate running?)");
            return new CheckpointResult(group, topic, 0, known.sourceOffset(),
                    other.map(Checkpoint::targetOffset).orElse(OptionalLong.empty()),
                    other.map(c -> c.kind().wireName()).orElse("none"), false, OptionalLong.empty(),
                    other.map(c -> c.age(clock.instant()).toMillis()).orElse(-1L), Optional.of(problem));
        }
        Checkpoint c = checkpoint.get();
        long ageMs = c.age(clock.instant()).toMillis();
        long targetOffset = c.targetOffset().getAsLong();
        Optional<Canary> found = canaryAt(new TopicPartition(c.targetTopic(), 0), targetOffset);
        boolean exact = found.map(f -> f.equals(known.canary())).orElse(false);
        OptionalLong error = found.filter(f -> f.runId().equals(known.canary().runId()) && f.partition() == 0)
                .map(f -> OptionalLong.of(f.sequence() - known.canary().sequence())).orElse(OptionalLong.empty());
        Optional<String> problem = exact ? Optional.empty() : Optional.of(found.isEmpty()
                ? "target offset " + targetOffset + " of " + c.targetTopic() + "-0 holds no canary of this run"
                : "target offset " + targetOffset + " holds canary " + found.get().sequence() + " instead of "
                        + known.canary().sequence() + error.stream().mapToObj(e -> " (" + e + " records off)")
                        .findFirst().orElse(""));
        return new CheckpointResult(group, topic, 0, known.sourceOffset(), OptionalLong.of(targetOffset),
                c.kind().wireName(), exact, error, ageMs, problem);
    }

    private static CheckpointResult failed(String group, String topic, long offset, String problem) {
        return new CheckpointResult(group, topic, 0, offset, OptionalLong.empty(), "none", false, OptionalLong.empty(),
                -1, Optional.of(problem));
    }

    private void commit(String group, String topic, long offset) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Consumer<byte[], byte[]> consumer = clients.consumer(source, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
            consumer.assign(List.of(tp));
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset, "tandem verify")), Duration.ofSeconds(30));
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new dev.tandem.kafka.ClusterUnreachableException(source.alias(), "commit group " + group + " at offset "
                    + offset + " of " + tp, e);
        }
    }

    private Optional<Checkpoint> awaitCheckpoint(Flow flow, String group, String topic, long offset, Duration timeout)
            throws InterruptedException {
        return Polling.until(clock, timeout, Duration.ofMillis(250),
                () -> latest(flow, group, topic, offset).filter(c -> c.kind() == CheckpointKind.EXACT), Optional::isPresent);
    }

    /**
     * The group's checkpoint of {@code offset} in partition 0. The offset is this run's own (its
     * canaries were just appended), so no older checkpoint can name it: no clocks are compared.
     */
    private Optional<Checkpoint> latest(Flow flow, String group, String topic, long offset) {
        return checkpoints.latest(flow.name(), Optional.of(group)).stream()
                .filter(c -> c.sourceTopic().equals(topic) && c.partition() == 0 && c.sourceOffset() == offset)
                .findFirst();
    }

    private Optional<Canary> canaryAt(TopicPartition tp, long offset) {
        return TopicRecords.firstFrom(clients, target, tp, offset, Duration.ofSeconds(10), clock)
                .filter(r -> r.offset() == offset).flatMap(r -> Canary.decode(r.value()));
    }
}
