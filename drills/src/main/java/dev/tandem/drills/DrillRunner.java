package dev.tandem.drills;

import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.KafkaOperationException;
import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.safety.ClusterGuard;
import dev.tandem.safety.ClusterIds;
import dev.tandem.safety.RefusedException;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.TandemStore;
import dev.tandem.verifier.Verifier;
import dev.tandem.verifier.report.Check;
import dev.tandem.verifier.report.Failure;
import dev.tandem.verifier.report.VerificationReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs a drill's steps in order and stops at the first that fails (the rest are skipped):
 * preflight, then topology, canaries and checkpoint (one verification run), then the failover and
 * failback rehearsals; then judges RPO and RTO against the drill's thresholds.
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
        for (DrillSpec.Step step : drill.steps()) {
            if (run.failed) {
                run.steps.add(new DrillReport.StepResult(step, DrillReport.StepResult.Status.SKIPPED, "", 0));
                continue;
            }
            Instant begin = clock.instant();
            String detail;
            try {
                detail = run.step(step);
            } catch (DrillStepException | RefusedException | ClusterUnreachableException | KafkaOperationException e) {
                run.failed = true;
                run.failures.add(step.yamlName() + ": " + e.getMessage());
                detail = e.getMessage();
            }
            run.steps.add(new DrillReport.StepResult(step, run.failed ? DrillReport.StepResult.Status.FAILED
                    : DrillReport.StepResult.Status.PASSED, detail, Duration.between(begin, clock.instant()).toMillis()));
        }
        run.judgeThresholds();
        return new DrillReport(UUID.randomUUID().toString(), drill.name(), flow.name(), started, clock.instant(), run.steps,
                Optional.ofNullable(run.moved).map(Rehearsal.Moved::rpo), Optional.ofNullable(run.moved)
                .map(Rehearsal.Moved::rtoMs), Optional.ofNullable(run.verification).map(v -> v.canaries().latency().p99()),
                run.failures);
    }

    /** The state of one run as its steps go. */
    private final class Run {
        final DrillSpec drill;
        final Flow flow;
        final List<DrillReport.StepResult> steps = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final Rehearsal rehearsal;
        boolean failed;
        VerificationReport verification;
        Rehearsal.Moved moved;

        Run(DrillSpec drill, Flow flow) {
            this.drill = drill;
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
                case TOPOLOGY -> {
                    return checked(Check.TOPOLOGY, v -> v.topology().checked() + (v.topology().checked() == 1 ? " topic" : " topics")
                            + " checked, no problem");
                }
                case CANARIES -> {
                    return checked(Check.CANARIES, v -> v.canaries().delivered() + " of " + v.canaries().sent()
                            + " canaries delivered, p99 " + v.canaries().latency().p99() + " ms");
                }
                case CHECKPOINT -> {
                    return checked(Check.CHECKPOINT, v -> "checkpoint exact, " + v.checkpoint().ageMs() + " ms old");
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

        /** Runs the verification once for the topology, canary and checkpoint steps; fails the step on its failures. */
        private String checked(Check check, java.util.function.Function<VerificationReport, String> passed)
                throws InterruptedException {
            if (verification == null) {
                verification = new Verifier(playbook, clients, new CheckpointRepository(store.jdbi()), clock)
                        .verify(flow, playbook.verify());
            }
            List<Failure> mine = verification.failuresOf(check);
            if (!mine.isEmpty()) {
                throw new DrillStepException(String.join("; ", mine.stream().map(Failure::message).toList()));
            }
            return passed.apply(verification);
        }

        void judgeThresholds() {
            if (moved == null) {
                return;
            }
            drill.maxRpo().ifPresent(max -> {
                if (moved.rpo().windowMs() > max.toMillis()) {
                    failures.add("RPO " + moved.rpo().windowMs() + " ms exceeds max-rpo " + max.toMillis() + " ms");
                }
            });
            drill.maxRto().ifPresent(max -> {
                if (moved.rtoMs() > max.toMillis()) {
                    failures.add("RTO " + moved.rtoMs() + " ms exceeds max-rto " + max.toMillis() + " ms");
                }
            });
        }
    }
}
