package dev.tandem.verifier;

import dev.tandem.client.CheckpointSource;
import dev.tandem.kafka.InternalGroups;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.store.SourceGapRepository;
import dev.tandem.verifier.canary.CanaryRound;
import dev.tandem.verifier.checkpoint.CheckpointProbe;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.report.VerificationReport;
import dev.tandem.verifier.topology.TopologyReader;
import dev.tandem.verifier.topology.TopologyResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One verification run of a flow, while {@code tandem replicate} runs: canaries, the checkpoint
 * of the verifier's group at a known canary, then the topology; judged against the playbook's thresholds.
 */
public final class Verifier {

    private final Playbook playbook;
    private final KafkaClients clients;
    private final CheckpointSource checkpoints;
    private final SourceGapRepository gaps;
    private final Clock clock;

    /**
     * @param gaps the records the replicator found deleted on the source before it copied them: those no
     *             run of the flow has told yet are topology problems of this one (a verify's or a drill's)
     */
    public Verifier(Playbook playbook, KafkaClients clients, CheckpointSource checkpoints, SourceGapRepository gaps,
                    Clock clock) {
        this.gaps = gaps;
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
        TopologyResult topology = withGaps(new TopologyReader(clients).check(flow, source, target, topic), flow, runId);
        return new VerificationReport(runId, flow.name(), flow.source(), flow.target(), started, clock.instant(),
                topology, canaries.result(), checkpoint,
                Thresholds.failures(spec, flow.delivery(), topology, canaries.result(), checkpoint));
    }

    /** The topology with a problem for each source gap no verification run of the flow has told yet (claimed by this one). */
    private TopologyResult withGaps(TopologyResult topology, Flow flow, String runId) {
        List<SourceGapRepository.Gap> found = gaps.tell(flow.name(), runId);
        if (found.isEmpty()) {
            return topology;
        }
        List<TopologyResult.Problem> problems = new ArrayList<>(topology.problems());
        found.forEach(gap -> problems.add(new TopologyResult.Problem(gap.topic(), flow.targetTopic(gap.topic()),
                "records-lost-at-source", flow.source() + " " + gap.describe() + " deleted on " + flow.source()
                + " before they were copied: they are on neither cluster")));
        return new TopologyResult(topology.checked(), problems);
    }
}
