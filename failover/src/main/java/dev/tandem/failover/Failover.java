package dev.tandem.failover;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointKind;
import dev.tandem.client.CheckpointSource;
import dev.tandem.client.Partition;
import dev.tandem.kafka.ClusterIdentity;
import dev.tandem.kafka.ClusterContact;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.safety.RefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves consumer groups from a flow's source cluster to its target, from stored checkpoints,
 * without needing the source: preflight, plan, then (unless a dry run, refused, or nothing to do)
 * apply with compare-and-set.
 */
public final class Failover {

    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);
    /**
     * The source is asked only whether it is the target in disguise; it is usually gone, so the
     * question runs while the plan is made, and an answer must come within this time.
     */
    static final Duration SOURCE_PROBE = Duration.ofSeconds(2);

    /**
     * What to do.
     *
     * @param byTimestamp move partitions whose checkpoint has no position by the group's last commit time
     */
    public record Request(Direction direction, Flow flow, GroupSelection groups, boolean dryRun, boolean force,
                          boolean byTimestamp, String operator, CheckpointOrigin checkpointsFrom) {
    }

    private final Playbook playbook;
    private final KafkaClients clients;
    private final CheckpointSource checkpoints;
    private final Optional<CheckpointSource> mirrorMaker2;
    private final Clock clock;

    public Failover(Playbook playbook, KafkaClients clients, CheckpointSource checkpoints, Clock clock) {
        this(playbook, clients, checkpoints, Optional.empty(), clock);
    }

    /** @param mirrorMaker2 with --from-mm2, MirrorMaker 2's checkpoints, used as {@link Mm2CheckpointChoice} says */
    public Failover(Playbook playbook, KafkaClients clients, CheckpointSource checkpoints,
                    Optional<CheckpointSource> mirrorMaker2, Clock clock) {
        this.playbook = playbook;
        this.clients = clients;
        this.checkpoints = checkpoints;
        this.mirrorMaker2 = mirrorMaker2;
        this.clock = clock;
    }

    public FailoverRun run(Request request) {
        Flow flow = request.flow();
        String runId = UUID.randomUUID().toString();
        try (Admin target = clients.admin(playbook.cluster(flow.target()))) {
            String targetId = ClusterContact.clusterId(target, playbook.cluster(flow.target()));
            CompletableFuture<Optional<String>> sourceId = CompletableFuture.supplyAsync(() -> probeSource(flow));
            FailoverPlan plan;
            try {
                plan = plan(request, new ConsumerGroups(target, flow.target()));
            } catch (RuntimeException e) {
                // A plan made on the source in disguise fails oddly: say what is really wrong.
                refuseSameCluster(flow, targetId, sourceId.join());
                throw e;
            }
            refuseSameCluster(flow, targetId, sourceId.join());
            Optional<FailoverRun.Result> notApplied = FailoverRun.Result.beforeApplying(request.dryRun(), plan);
            if (notApplied.isPresent()) {
                return new FailoverRun(runId, request.operator(), request.dryRun(), plan, List.of(), notApplied.get());
            }
            List<GroupOutcome> outcomes = new GroupMover(target, flow.target())
                    .apply(plan, request.force(), "tandem " + request.direction().wireName() + " " + runId);
            return new FailoverRun(runId, request.operator(), false, plan, outcomes,
                    FailoverRun.Result.afterApplying(outcomes));
        }
    }

    private FailoverPlan plan(Request request, ConsumerGroups target) {
        Flow flow = request.flow();
        Mm2CheckpointChoice.Chosen chosen = checkpointsOf(flow, request.groups());
        Map<String, List<Checkpoint>> byGroup = chosen.checkpoints().stream()
                .collect(Collectors.groupingBy(Checkpoint::group));
        Set<String> selected = request.groups().select(byGroup.keySet());
        if (selected.isEmpty()) {
            throw new RefusedException("no consumer group of flow " + flow.name() + " matches (groups with checkpoints: "
                    + (byGroup.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(byGroup.keySet()))) + ")");
        }
        Map<String, ConsumerGroups.Standing> standings = target.describe(selected);
        Set<Partition> partitions = new HashSet<>();
        selected.forEach(g -> byGroup.getOrDefault(g, List.of()).forEach(c -> partitions.add(c.targetPartition())));
        Map<Partition, ConsumerGroups.LogRange> logs = target.logRanges(partitions);
        Map<Partition, Map<Instant, OptionalLong>> byTime = request.byTimestamp()
                ? target.offsetsForTimes(lookupTimesWithoutPosition(selected, byGroup, flow)) : Map.of();
        Instant now = clock.instant();
        FailoverPlanner planner = new FailoverPlanner(playbook.failover().maxCheckpointAge(), request.force(),
                request.byTimestamp() ? Optional.of(flow.checkpointInterval()) : Optional.empty());
        List<GroupPlan> plans = new ArrayList<>();
        for (String group : selected) {
            plans.add(planner.plan(group, byGroup.getOrDefault(group, List.of()), standings.get(group), logs, byTime, now)
                    .withWarningsFirst(chosen.notes().getOrDefault(group, List.of())));
        }
        return new FailoverPlan(request.direction(), flow.name(), flow.source(), flow.target(), request.checkpointsFrom(),
                now, plans);
    }

    /** For --by-timestamp: the times to look up for the checkpoints that have no position, per target partition. */
    private static Map<Partition, Set<Instant>> lookupTimesWithoutPosition(Set<String> groups,
                                                                          Map<String, List<Checkpoint>> byGroup, Flow flow) {
        Map<Partition, Set<Instant>> times = new HashMap<>();
        groups.forEach(g -> byGroup.getOrDefault(g, List.of()).stream().filter(c -> c.kind() == CheckpointKind.NO_SYNC_POINT)
                .forEach(c -> times.computeIfAbsent(c.targetPartition(), p -> new HashSet<>())
                        .add(FailoverPlanner.lookupTime(c, flow.checkpointInterval()))));
        return times;
    }

    /** The source's cluster ID if it answers; a refusal to authenticate is no answer either (it is not needed). */
    private Optional<String> probeSource(Flow flow) {
        try {
            return ClusterIdentity.probe(flow.source(), playbook.cluster(flow.source()).clientConfig(), SOURCE_PROBE);
        } catch (RuntimeException e) {
            LOG.info("{} refused the probe ({})", flow.source(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The checkpoints the selection can need (with --from-mm2, MirrorMaker 2's too, chosen between). */
    private Mm2CheckpointChoice.Chosen checkpointsOf(Flow flow, GroupSelection selection) {
        List<Checkpoint> tandem = checkpointsOf(checkpoints, flow, selection);
        return mirrorMaker2.map(mm2 -> Mm2CheckpointChoice.choose(tandem, checkpointsOf(mm2, flow, selection)))
                .orElseGet(() -> new Mm2CheckpointChoice.Chosen(tandem, Map.of()));
    }

    /** The checkpoints of a source the selection can need: only the named groups' when it names them and nothing else. */
    private static List<Checkpoint> checkpointsOf(CheckpointSource source, Flow flow, GroupSelection selection) {
        if (selection.all() || selection.regex().isPresent()) {
            return source.latest(flow.name(), Optional.empty());
        }
        List<Checkpoint> named = new ArrayList<>();
        selection.named().forEach(group -> named.addAll(source.latest(flow.name(), Optional.of(group))));
        return named;
    }

    /** Refuses when the source answered with the target's cluster ID; a source that does not answer is expected. */
    private static void refuseSameCluster(Flow flow, String targetId, Optional<String> sourceId) {
        if (sourceId.isEmpty()) {
            LOG.info("{} does not answer; moving groups to {} from the stored checkpoints", flow.source(), flow.target());
        } else if (sourceId.get().equals(targetId)) {
            throw new RefusedException("flow " + flow.name() + ": " + flow.source() + " and " + flow.target()
                    + " are the same Kafka cluster (ID " + targetId + "); refusing to move groups onto themselves");
        }
    }
}
