package dev.tandem.drills;

import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.safety.ClusterGuard;
import dev.tandem.safety.ClusterIds;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.TandemStore;
import dev.tandem.verifier.Verifier;
import dev.tandem.verifier.report.VerificationReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs a drill's steps in order and stops at the first that fails (the rest are skipped, see
 * {@link StepLog}): preflight, then topology, canaries and checkpoint (one verification run, see
 * {@link VerificationSteps}), then the failover and failback rehearsals; then judges RPO and RTO
 * against the drill's thresholds ({@link RecoveryObjectives}).
 */
public final class DrillRunner {

    private final Playbook playbook;
    private final KafkaClients clients;
    private final TandemStore store;
    private final Clock clock;

    public DrillRunner(Playbook playbook, KafkaClients clients, TandemStore store, Clock clock) {
        this.playbook = playbook;
        this.clients = clients;
        this.store = store;
        this.clock = clock;
    }

    public DrillReport run(DrillSpec drill) throws InterruptedException {
        Flow flow = playbook.flow(drill.flow()).orElseThrow();
        Instant started = clock.instant();
        Run run = new Run(drill, flow);
        StepLog log = new StepLog(clock);
        for (DrillSpec.Step step : drill.steps()) {
            log.run(step, () -> run.step(step));
        }
        List<DrillFailure> failures = new ArrayList<>(log.failures());
        Optional<Rehearsal.Moved> moved = Optional.ofNullable(run.moved);
        moved.ifPresent(m -> failures.addAll(RecoveryObjectives.exceeded(drill, m.rpo(), m.rtoMs())));
        return new DrillReport(UUID.randomUUID().toString(), drill.name(), flow.name(), started, clock.instant(),
                log.steps(), moved.map(Rehearsal.Moved::rpo), moved.map(Rehearsal.Moved::rtoMs),
                Optional.ofNullable(run.verification).map(v -> v.canaries().latency().p99()), failures);
    }

    /** The state of one run as its steps go. */
    private final class Run {
        final Flow flow;
        final Rehearsal rehearsal;
        VerificationReport verification;
        Rehearsal.Moved moved;

        Run(DrillSpec drill, Flow flow) {
            this.flow = flow;
            this.rehearsal = new Rehearsal(playbook, flow, drill.name(), clients, new CheckpointRepository(store.jdbi()),
                    new SyncPointRepository(store.jdbi()), clock);
        }

        String step(DrillSpec.Step step) throws InterruptedException {
            switch (step) {
                case PREFLIGHT -> {
                    ClusterIds ids = new ClusterGuard(clients).check(playbook, flow);
                    return flow.source() + " is " + ids.source() + ", " + flow.target() + " is " + ids.target();
                }
                case TOPOLOGY, CANARIES, CHECKPOINT -> {
                    return VerificationSteps.verdict(step, verification());
                }
                case FAILOVER_REHEARSAL -> {
                    moved = rehearsal.failover();
                    return "drill group resumed on " + flow.target() + " at canary " + moved.resumedAt().canary().sequence()
                            + "; RPO " + moved.rpo().records() + " records (" + moved.rpo().windowMs() + " ms), RTO "
                            + moved.rtoMs() + " ms";
                }
                case FAILBACK_REHEARSAL -> {
                    Flow reverse = playbook.reverseOf(flow).orElseThrow(() -> new DrillStepException("the playbook has no"
                            + " reverse flow (" + flow.target() + " -> " + flow.source() + ") to fail back along"));
                    if (moved == null) {
                        throw new DrillStepException("failback-rehearsal needs failover-rehearsal before it");
                    }
                    rehearsal.failback(reverse, moved);
                    return "drill group back on " + flow.source() + " after canary " + moved.resumedAt().canary().sequence();
                }
                default -> throw new IllegalStateException("unknown step " + step);
            }
        }

        /** The one verification run the topology, canary and checkpoint steps share, run by the first of them. */
        private VerificationReport verification() throws InterruptedException {
            if (verification == null) {
                verification = new Verifier(playbook, clients, new CheckpointRepository(store.jdbi()),
                        new dev.tandem.store.SourceGapRepository(store.jdbi()), clock)
                        .verify(flow, playbook.verify());
            }
            return verification;
        }
    }
}
