package dev.tandem.verifier;

import dev.tandem.client.CheckpointSource;
import dev.tandem.kafka.InternalGroups;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.verifier.canary.CanaryRound;
import dev.tandem.verifier.checkpoint.CheckpointProbe;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.report.VerificationReport;
import dev.tandem.verifier.topology.TopologyReader;
import dev.tandem.verifier.topology.TopologyResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One verification run of a flow, while {@code tandem replicate} runs: canaries, the checkpoint
 * of the verifier's group at a known canary, then the topology; judged against the playbook's thresholds.
 */
public final class Verifier {

    private final Playbook playbook;
    private final KafkaClients clients;
    private final CheckpointSource checkpoints;
    private final Clock clock;

    public Verifier(Playbook playbook, KafkaClients clients, CheckpointSource checkpoints, Clock clock) {
        this.playbook = playbook;
        this.clients = clients;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    /** Runs the three checks with {@code spec}'s canary count, timeout and thresholds; canaries sent at once. */
    public VerificationReport verify(Flow flow, VerifySpec spec) throws InterruptedException {
        return verify(flow, spec, Duration.ZERO);
    }

    /** The same, with the canaries sent evenly over {@code spread}. */
    public VerificationReport verify(Flow flow, VerifySpec spec, Duration spread) throws InterruptedException {
        String runId = UUID.randomUUID().toString();
        Instant started = clock.instant();
        ClusterSpec source = playbook.cluster(flow.source());
        ClusterSpec target = playbook.cluster(flow.target());
        String topic = spec.canaryTopic();
        CanaryRound.Outcome canaries = new CanaryRound(clients, source, target, clock)
                .run(runId, topic, flow.targetTopic(topic), spec.canaries(), spread, spec.timeout());
        CheckpointResult checkpoint = new CheckpointProbe(clients, source, target, checkpoints, clock)
                .probe(flow, InternalGroups.verifier(flow), topic, canaries.sent(), spec.timeout());
        // Last: on a first run the canary topic is new, and its replica appears once the replicator saw it.
        TopologyResult topology = new TopologyReader(clients).check(flow, source, target, topic);
        return new VerificationReport(runId, flow.name(), flow.source(), flow.target(), started, clock.instant(),
                topology, canaries.result(), checkpoint,
                Thresholds.failures(spec, flow.delivery(), topology, canaries.result(), checkpoint));
    }
}
