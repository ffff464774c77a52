package dev.tandem.migration;

import dev.tandem.acls.AclSynchronizer;
import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointKind;
import dev.tandem.client.CheckpointSource;
import dev.tandem.client.Partition;
import dev.tandem.failover.CheckpointOrigin;
import dev.tandem.failover.Direction;
import dev.tandem.failover.Failover;
import dev.tandem.failover.FailoverRun;
import dev.tandem.failover.GroupSelection;
import dev.tandem.failures.ExitCategory;
import dev.tandem.failures.FailureClassifier;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.migration.MigrationReport.Result;
import dev.tandem.migration.MigrationReport.Step;
import dev.tandem.migration.MigrationReport.StepResult;
import dev.tandem.migration.MigrationReport.StepResult.Status;
import dev.tandem.migration.checkpoint.FinalCheckpoints;
import dev.tandem.migration.drain.Drain;
import dev.tandem.migration.drain.DrainWatch;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.safety.ClusterGuard;
import dev.tandem.safety.ClusterIds;
import dev.tandem.safety.RefusedException;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.SyncedAclRepository;
import dev.tandem.verifier.compare.ComparisonReport;
import dev.tandem.verifier.compare.RecordComparison;
import dev.tandem.verifier.topology.TopologyReader;
import dev.tandem.verifier.topology.TopologyResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The cutover of a flow's consumer groups from a live source to the target, producers stopped by
 * the operator and the flow's replicator running: preflight, drain, compare, final checkpoint, move
 * (with the failover machinery: compare-and-set, read back), then with {@code sync-acls: all} the
 * producers' WRITE. Each step runs only when the one before it passed, and no group moves unless
 * the steps before the move did; with {@code sync-acls} the preflight syncs the reading ACLs as the
 * replicator does. A dry run writes nothing and reports the plan of the checkpoint, move and grants.
 */
public final class Migration {

    /**
     * What to migrate and how.
     *
     * @param quietFor      how long no source end may move before the source counts as quiet
     * @param timeout       how long the drain may wait for that and for the replica to catch up
     * @param compareWindow the comparison goes back to the groups' lowest committed positions, at most this far
     */
    public record Request(Flow flow, GroupSelection groups, boolean dryRun, boolean force, Duration quietFor,
                          Duration timeout, Duration compareWindow, String operator) {
    }

    /** Told as the run goes: each step as it starts, the drain's samples, the comparison's progress. */
    public interface Progress extends Drain.Progress, RecordComparison.Progress {
        void started(Step step);

        Progress NONE = new Progress() {
            @Override
            public void started(Step step) {
            }

            @Override
            public void observed(DrainWatch.State state) {
            }

            @Override
            public void compared(String topic, int partition, long recordsSoFar, long bytesSoFar) {
            }
        };
    }

    /** How long the comparison waits for the stored progress: the drain has just seen it caught up. */
    private static final Duration REPLICATED_WAIT = Duration.ofSeconds(10);

    private final Playbook playbook;
    private final KafkaClients clients;
    private final SyncPointRepository syncPoints;
    private final CheckpointRepository checkpoints;
    private final MigrationAcls acls;
    private final Clock clock;

    public Migration(Playbook playbook, KafkaClients clients, SyncPointRepository syncPoints,
                     CheckpointRepository checkpoints, SyncedAclRepository syncedAcls, Clock clock) {
        this.playbook = playbook;
        this.clients = clients;
        this.syncPoints = syncPoints;
        this.checkpoints = checkpoints;
        this.acls = new MigrationAcls(new AclSynchronizer(playbook, clients, syncedAcls, clock));
        this.clock = clock;
    }

    public MigrationReport run(Request request, Progress progress) {
        return new Run(request, progress).perform();
    }

    /** One run's state: the steps done so far and what they found. */
    private final class Run {
        private final Request request;
        private final Flow flow;
        private final ClusterSpec source;
        private final Progress progress;
        private final String runId = UUID.randomUUID().toString();
        private final Instant startedAt = clock.instant();
        private final List<StepResult> steps = new java.util.ArrayList<>();
        private final FinalCheckpoints finalCheckpoints = new FinalCheckpoints(clients, syncPoints, clock);
        private List<String> groups = List.of();
        private Optional<DrainWatch.State> drain = Optional.empty();
        private Optional<ComparisonReport> comparison = Optional.empty();
        private List<Checkpoint> taken = List.of();
        private Optional<FailoverRun> move = Optional.empty();
        private Map<String, Map<Partition, Long>> committedAtCompare = Map.of();
        private Optional<ExitCategory> failedAs = Optional.empty();
        private Step current = Step.PREFLIGHT;
        private Instant stepStart;

        Run(Request request, Progress progress) {
            this.request = request;
            this.flow = request.flow();
            this.source = playbook.cluster(flow.source());
            this.progress = progress;
        }

        /**
         * Runs the steps; an error in one ends the run there, reported with what the steps before it
         * did (a move already made must reach the operator): a refusal as refused, others as failed.
         */
        MigrationReport perform() {
            try {
                return preflight();
            } catch (RefusedException e) {
                return end(current, Result.REFUSED, e.getMessage());
            } catch (RuntimeException e) {
                failedAs = Optional.of(e instanceof dev.tandem.store.StoreException ? ExitCategory.UNREACHABLE
                        : FailureClassifier.of(e).exitCategory());
                return end(current, Result.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }

        private MigrationReport preflight() {
            begin(Step.PREFLIGHT);
            ClusterIds ids = new ClusterGuard(clients).check(playbook, flow);
            RecordComparison records = new RecordComparison(playbook, clients, syncPoints, clock);
            List<String> topics = List.copyOf(records.selectedTopics(flow));
            TopologyResult topology = new TopologyReader(clients).check(flow, source, playbook.cluster(flow.target()),
                    playbook.verify().canaryTopic());
            if (!topology.problems().isEmpty()) {
                return end(Step.PREFLIGHT, Result.REFUSED, "the target's topics are not in sync with the source's: "
                        + topology.problems().stream().map(TopologyResult.Problem::detail)
                        .collect(Collectors.joining("; ")));
            }
            groups = List.copyOf(finalCheckpoints.select(flow, source, request.groups(), topics));
            if (groups.isEmpty()) {
                return end(Step.PREFLIGHT, Result.REFUSED, "no consumer group on " + flow.source() + " matches the"
                        + " selection and committed offsets on the " + topics.size() + " topics flow " + flow.name()
                        + " replicates");
            }
            passed(Step.PREFLIGHT, topics.size() + " topics, " + groups.size() + " groups; " + flow.source() + " ("
                    + ids.source() + ") and " + flow.target() + " (" + ids.target() + ") answer; topology in sync ("
                    + topology.checked() + " topics)" + syncAcls());
            return drain(topics, ids, records);
        }

        private MigrationReport drain(List<String> topics, ClusterIds ids, RecordComparison records) {
            begin(Step.DRAIN);
            Drain.Result drained = new Drain(clients, syncPoints, clock).await(flow, source, topics, request.quietFor(),
                    request.timeout(), progress);
            drain = Optional.of(drained.last());
            if (!drained.drained()) {
                return end(Step.DRAIN, Result.TIMED_OUT, StepDetails.notDrained(drained.last(), flow, request.timeout()));
            }
            passed(Step.DRAIN, drained.last().partitions() + " partitions quiet for " + request.quietFor().toSeconds()
                    + " s and replicated to their ends");
            return compare(topics, ids, records);
        }

        private MigrationReport compare(List<String> topics, ClusterIds ids, RecordComparison records) {
            begin(Step.COMPARE);
            committedAtCompare = finalCheckpoints.committed(source, Set.copyOf(groups), topics);
            Map<Partition, Long> lowest = new HashMap<>();
            committedAtCompare.values().forEach(offsets -> offsets.forEach((p, o) -> lowest.merge(p, o, Math::min)));
            ComparisonReport report = records.compare(flow, ids.target(), new RecordComparison.Selection(topics,
                    java.util.OptionalInt.empty(), new RecordComparison.Start.AtOrAfter(lowest, request.compareWindow()),
                    REPLICATED_WAIT), progress);
            comparison = Optional.of(report);
            if (!report.same()) {
                return end(Step.COMPARE, Result.DIFFERENT, report.compared() + " records compared: " + report.missing()
                        + " missing, " + report.extra() + " extra, " + report.mismatched() + " mismatched, "
                        + report.notReplicated() + " not replicated" + (report.problems().isEmpty() ? ""
                        : "; " + String.join("; ", report.problems())));
            }
            long older = report.partitions().stream().mapToLong(p -> Math.max(0, p.fromOffset()
                    - lowest.getOrDefault(new Partition(p.topic(), p.partition()), p.fromOffset()))).sum();
            passed(Step.COMPARE, report.compared() + " records compared, all equal, from the groups' lowest committed"
                    + " positions (at most " + request.compareWindow().toMinutes() + " min back)" + (older == 0 ? ""
                    : "; " + older + " records the groups have still to read are older than that and were not"
                    + " compared (--compare-window, or tandem compare)"));
            return checkpoint(topics);
        }

        private MigrationReport checkpoint(List<String> topics) {
            begin(Step.CHECKPOINT);
            FinalCheckpoints.Taken result = finalCheckpoints.take(flow, source, Set.copyOf(groups), topics);
            if (result instanceof FinalCheckpoints.Taken.Active active) {
                return end(Step.CHECKPOINT, Result.REFUSED, active.members().entrySet().stream()
                        .map(e -> "group " + e.getKey() + " has " + e.getValue().size() + " active member(s) on "
                                + flow.source() + ": " + String.join(", ", e.getValue()))
                        .collect(Collectors.joining("; ")) + "; stop them first");
            }
            taken = ((FinalCheckpoints.Taken.Checkpoints) result).checkpoints();
            List<String> moved = StepDetails.changedSince(committedAtCompare, taken, true);
            if (!moved.isEmpty()) {
                return end(Step.CHECKPOINT, Result.REFUSED, "committed on " + flow.source() + " during the migration: "
                        + String.join(", ", moved) + "; a consumer still runs there (one that assigns its partitions"
                        + " itself is no group member): stop it first");
            }
            List<String> inexact = taken.stream().filter(c -> c.kind() != CheckpointKind.EXACT)
                    .map(c -> c.group() + " " + c.sourcePartition() + " (" + c.kind().wireName() + ")").toList();
            if (!inexact.isEmpty() && !request.force()) {
                return end(Step.CHECKPOINT, Result.REFUSED, "no exact position on " + flow.target() + " for "
                        + String.join(", ", inexact) + " (--force moves what it can)");
            }
            if (request.dryRun()) {
                steps.add(step(Step.CHECKPOINT, Status.PLANNED, taken.size() + " checkpoints would be stored"));
            } else {
                checkpoints.write(taken);
                passed(Step.CHECKPOINT, taken.size() + " checkpoints of " + groups.size() + " groups stored");
            }
            return move();
        }

        private MigrationReport move() {
            begin(Step.MOVE);
            CheckpointSource finals = (name, group) -> taken.stream()
                    .filter(c -> group.map(c.group()::equals).orElse(true)).toList();
            FailoverRun run = new Failover(playbook, clients, finals, clock).run(new Failover.Request(Direction.FAILOVER,
                    flow, new GroupSelection(groups, Optional.empty(), false), request.dryRun(), request.force(), false,
                    request.operator(), CheckpointOrigin.STORE));
            move = Optional.of(run);
            if (run.plan().refused() || run.result() == FailoverRun.Result.REFUSED) {
                return end(Step.MOVE, Result.REFUSED, "the move of the groups was refused: " + run.plan().groups().stream()
                        .filter(g -> !g.refusals().isEmpty()).map(g -> g.group() + ": " + String.join("; ", g.refusals()))
                        .collect(Collectors.joining("; ")));
            }
            if (request.dryRun()) {
                steps.add(step(Step.MOVE, Status.PLANNED, groups.size() + " groups would move to " + flow.target()));
                return acls(Result.DRY_RUN);
            }
            if (run.result() == FailoverRun.Result.PARTIAL) {
                return end(Step.MOVE, Result.PARTIAL, "some groups were not moved: " + run.outcomes().stream()
                        .filter(o -> !o.result().asPlanned()).map(o -> o.group() + " " + o.result().wireName())
                        .collect(Collectors.joining(", ")));
            }
            List<String> later = StepDetails.changedSince(finalCheckpoints.committed(source, Set.copyOf(groups),
                    taken.stream().map(Checkpoint::sourceTopic).distinct().toList()), taken, false);
            passed(Step.MOVE, groups.size() + " groups moved to " + flow.target() + " (" + run.result().wireName() + ")"
                    + (later.isEmpty() ? "" : "; but committed on " + flow.source() + " after the final checkpoint: "
                    + String.join(", ", later) + ": a consumer still runs there, and what it read since is read"
                    + " again on " + flow.target()));
            return acls(Result.MIGRATED);
        }

        /** With sync-acls, the reading ACLs synced as the replicator does (a dry run only plans them). */
        private String syncAcls() {
            return acls.atPreflight(flow, request.dryRun());
        }

        /** The producers' WRITE on the replicas: granted now with sync-acls: all, never before. */
        private MigrationReport acls(Result result) {
            begin(Step.ACLS);
            MigrationAcls.Outcome outcome = acls.atCutover(flow, request.dryRun());
            steps.add(step(Step.ACLS, outcome.status(), outcome.detail()));
            return report(result);
        }

        private void begin(Step step) {
            current = step;
            stepStart = clock.instant();
            progress.started(step);
        }

        private void passed(Step step, String detail) {
            steps.add(step(step, Status.PASSED, detail));
        }

        private StepResult step(Step step, Status status, String detail) {
            return new StepResult(step, status, detail, Duration.between(stepStart, clock.instant()).toMillis());
        }

        /** Ends the run at a failed step: the later steps are skipped. */
        private MigrationReport end(Step failed, Result result, String detail) {
            steps.add(step(failed, Status.FAILED, detail));
            for (Step later : Step.values()) {
                if (later.ordinal() > failed.ordinal()) {
                    steps.add(new StepResult(later, Status.SKIPPED, "an earlier step failed", 0));
                }
            }
            return report(result);
        }

        private MigrationReport report(Result result) {
            return new MigrationReport(runId, flow.name(), flow.source(), flow.target(), request.operator(),
                    request.dryRun(), startedAt, clock.instant(), result, steps, groups, drain, comparison, taken, move,
                    failedAs);
        }
    }
}
