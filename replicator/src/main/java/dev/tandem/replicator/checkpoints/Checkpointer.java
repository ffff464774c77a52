package dev.tandem.replicator.checkpoints;

import dev.tandem.client.Checkpoint;
import dev.tandem.checkpoints.CheckpointPolicy;
import dev.tandem.checkpoints.StoredTranslators;
import dev.tandem.client.Partition;
import dev.tandem.checkpoints.TargetGroupSync;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.offsets.OffsetTranslator;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.metrics.CheckpointMetrics;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.SyncPointRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints one flow's consumer groups, one cycle per checkpoint interval: reads the committed
 * offsets of the selected groups on the source for the partitions this process replicates (so
 * several replicator processes split the work as they split the partitions), translates each
 * through the stored sync points, writes new and changed checkpoints to the store and to the
 * target's checkpoint topic, and with {@code sync-group-offsets} commits them to idle target groups.
 */
public final class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    /** What one cycle did. */
    public record Cycle(int groups, int partitions, int written, List<String> syncedGroups) {
    }

    private record Key(String group, Partition partition) {
    }

    private final Flow flow;
    private final Supplier<Set<Partition>> ownedPartitions;
    private final CheckpointClients clients;
    private final SyncPointRepository syncPoints;
    private final CheckpointRepository checkpoints;
    private final CheckpointPolicy policy;
    private final CheckpointMetrics metrics;
    private final Clock clock;
    private final Duration retention;
    private final Map<Key, Checkpoint> lastWritten = new HashMap<>();
    private Instant nextPrune = Instant.MIN;
    private boolean failing;

    /** @param ownedPartitions the source partitions this process replicates now */
    public Checkpointer(Flow flow, Supplier<Set<Partition>> ownedPartitions, CheckpointClients clients,
                        SyncPointRepository syncPoints, CheckpointRepository checkpoints, CheckpointMetrics metrics,
                        Clock clock, Duration confirmEvery, Duration retention) {
        this.flow = flow;
        this.ownedPartitions = ownedPartitions;
        this.clients = clients;
        this.syncPoints = syncPoints;
        this.checkpoints = checkpoints;
        this.policy = new CheckpointPolicy(confirmEvery);
        this.metrics = metrics;
        this.clock = clock;
        this.retention = retention;
    }

    /** One cycle, for a scheduler: a failure is logged (once per streak) and the next cycle tries again. */
    public void runScheduled() {
        try {
            Cycle cycle = runCycle();
            if (failing) {
                LOG.info("flow {}: checkpointing works again ({} groups)", flow.name(), cycle.groups());
            }
            failing = false;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) { // the replicator stops while the store opens: not a failure
                LOG.debug("flow {}: checkpoint cycle interrupted by the stop: {}", flow.name(), e.getMessage());
                return;
            }
            metrics.failed();
            if (!failing) {
                LOG.warn("flow {}: checkpointing failed: {}; the stored checkpoints age until it works again",
                        flow.name(), e.getMessage());
            }
            failing = true;
        }
    }

    /** Reads, translates, writes and syncs once; throws when a cluster or the store fails. */
    public synchronized Cycle runCycle() {
        Instant start = clock.instant();
        Set<Partition> owned = ownedPartitions.get();
        Map<String, Map<Partition, Long>> committed = clients.source().read(owned::contains);
        // Forget what is no longer this process's to checkpoint: partitions that moved to another
        // process, deleted groups, expired offsets (their stored checkpoints age and are pruned).
        lastWritten.keySet().removeIf(k -> !committed.getOrDefault(k.group(), Map.of()).containsKey(k.partition()));
        rememberStored(committed);
        List<Checkpoint> toWrite = due(committed, start);
        write(toWrite);
        List<String> synced = flow.syncGroupOffsets() ? syncTargetGroups(committed.keySet()) : List.of();
        pruneIfDue(start);
        int partitions = committed.values().stream().mapToInt(Map::size).sum();
        long notReplicated = lastWritten.values().stream().mapToLong(Checkpoint::recordsNotYetReplicated).sum();
        Duration took = Duration.between(start, clock.instant());
        metrics.cycle(committed.size(), partitions, toWrite.size(), notReplicated, took);
        LOG.debug("flow {}: checkpointed {} groups on {} partitions in {} ms, {} written", flow.name(), committed.size(),
                partitions, took.toMillis(), toWrite.size());
        return new Cycle(committed.size(), partitions, toWrite.size(), synced);
    }

    /** Writes checkpoints to the store and the target's topic at once: the topic acknowledges while the store writes. */
    private void write(List<Checkpoint> toWrite) {
        if (toWrite.isEmpty()) {
            return;
        }
        Instant start = clock.instant();
        CheckpointTopicSink.Pending onTarget = clients.topic().send(toWrite);
        checkpoints.write(toWrite);
        onTarget.await();
        toWrite.forEach(c -> lastWritten.put(new Key(c.group(), c.sourcePartition()), c));
        LOG.debug("flow {}: wrote {} checkpoints to the store and to {} in {} ms", flow.name(), toWrite.size(),
                flow.target(), Duration.between(start, clock.instant()).toMillis());
    }

    /** The checkpoints to write now: new and changed ones, and those whose confirmation is due. */
    private List<Checkpoint> due(Map<String, Map<Partition, Long>> committed, Instant now) {
        Map<Partition, OffsetTranslator> translators = StoredTranslators.of(syncPoints, flow.name(), committed);
        List<Checkpoint> toWrite = new ArrayList<>();
        committed.forEach((group, offsets) -> offsets.forEach((p, offset) -> {
            Checkpoint candidate = new Checkpoint(flow.name(), group, p.topic(), p.partition(), offset,
                    flow.targetTopic(p.topic()), translators.get(p).translate(offset), now, now);
            policy.next(Optional.ofNullable(lastWritten.get(new Key(group, p))), candidate).ifPresent(toWrite::add);
        }));
        return toWrite;
    }

    /** After a start or a rebalance, the store's checkpoints keep their commit times and are not rewritten. */
    private void rememberStored(Map<String, Map<Partition, Long>> committed) {
        boolean unknown = committed.entrySet().stream().anyMatch(g -> g.getValue().keySet().stream()
                .anyMatch(p -> !lastWritten.containsKey(new Key(g.getKey(), p))));
        if (unknown) {
            for (Checkpoint stored : checkpoints.latest(flow.name(), Optional.empty())) {
                Map<Partition, Long> offsets = committed.get(stored.group());
                if (offsets != null && offsets.containsKey(stored.sourcePartition())) {
                    lastWritten.putIfAbsent(new Key(stored.group(), stored.sourcePartition()), stored);
                }
            }
        }
    }

    private List<String> syncTargetGroups(Set<String> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<String, List<Checkpoint>> byGroup = new HashMap<>();
        lastWritten.values().stream().filter(c -> groups.contains(c.group()))
                .forEach(c -> byGroup.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c));
        List<String> synced = new ArrayList<>();
        for (ConsumerGroups.Standing standing : clients.target().describe(byGroup.keySet()).values()) {
            TargetGroupSync.TargetGroup target = new TargetGroupSync.TargetGroup(standing.group(), standing.active(),
                    standing.committed());
            TargetGroupSync.Decision decision = TargetGroupSync.decide(target, byGroup.get(target.group()));
            if (decision instanceof TargetGroupSync.Decision.Commit commit) {
                try {
                    clients.target().commit(commit.group(), commit.offsets(), "tandem sync-group-offsets");
                    synced.add(commit.group());
                } catch (RuntimeException e) {
                    // Most often a consumer joined the group since it was described: it owns its offsets now.
                    LOG.debug("flow {}: group {} not synced on {}: {}", flow.name(), commit.group(), flow.target(),
                            e.getMessage());
                }
            } else if (decision instanceof TargetGroupSync.Decision.Skip skip) {
                LOG.debug("flow {}: group {} not synced on {}: {}", flow.name(), skip.group(), flow.target(), skip.reason());
            }
        }
        return synced;
    }

    private void pruneIfDue(Instant now) {
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        int deleted = checkpoints.prune(flow.name(), now.minus(retention));
        if (deleted > 0) {
            LOG.info("flow {}: pruned {} checkpoints not confirmed for {}", flow.name(), deleted, retention);
        }
    }
}
