package dev.tandem.failover;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointSource;
import dev.tandem.client.Partition;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.offsets.OffsetTranslator;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.client.Translation;
import dev.tandem.playbook.Flow;
import dev.tandem.safety.RefusedException;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.SyncPointRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each group now on a flow's target would resume back home on its source, computed from the
 * groups' current offsets on the target and the stored sync points of both directions:
 * <ul>
 * <li>a partition of a replica the forward flow wrote (east.orders on west) goes back to the
 *     record it was copied from, through the forward flow's sync points read backwards;</li>
 * <li>a partition the reverse flow replicates (orders written on west during the outage) goes to
 *     its replica on the source, through the reverse flow's sync points; with identity naming, a
 *     group that has read every record the forward flow copied continues there;</li>
 * <li>anything else has no known position at home (the planner refuses it unless forced).</li>
 * </ul>
 */
public final class FailbackCheckpoints implements CheckpointSource {

    private final Flow forward;
    private final Flow reverse;
    private final SyncPointRepository syncPoints;
    private final CheckpointRepository checkpoints;
    private final ConsumerGroups away;
    private final Clock clock;
    private final boolean force;
    /** One backwards translator per original partition, for every group that read it. */
    private final Map<Partition, OffsetTranslator> translators = new java.util.HashMap<>();

    /** @param away the groups on the forward flow's target, where they run during the outage */
    public FailbackCheckpoints(Flow forward, Flow reverse, SyncPointRepository syncPoints, CheckpointRepository checkpoints,
                               ConsumerGroups away, Clock clock, boolean force) {
        this.force = force;
        this.forward = forward;
        this.reverse = reverse;
        this.syncPoints = syncPoints;
        this.checkpoints = checkpoints;
        this.away = away;
        this.clock = clock;
    }

    @Override
    public List<Checkpoint> latest(String flow, Optional<String> group) {
        Set<String> groups = new TreeSet<>();
        if (group.isPresent()) {
            groups.add(group.get());
        } else {
            checkpoints.latest(forward.name(), Optional.empty()).forEach(c -> groups.add(c.group()));
            checkpoints.latest(reverse.name(), Optional.empty()).forEach(c -> groups.add(c.group()));
        }
        Map<String, Map<Integer, ReplicationPosition>> copiedOut = syncPoints.positions(forward.name());
        Map<String, Map<Integer, ReplicationPosition>> copiedBack = syncPoints.positions(reverse.name());
        Instant now = clock.instant();
        List<Checkpoint> result = new ArrayList<>();
        for (ConsumerGroups.Standing standing : away.describe(groups).values()) {
            if (standing.active() && !force) {
                // Offsets that still move cannot be translated home: the group would read records twice.
                throw new RefusedException("group " + standing.group() + " still has " + standing.members()
                        + " active member(s) on " + forward.target() + "; stop them before failing back (or --force)");
            }
            standing.committed().forEach((partition, offset) ->
                    result.add(home(standing.group(), partition, offset, copiedOut, copiedBack, now)));
        }
        result.sort(ORDER);
        return result;
    }

    private Checkpoint home(String group, Partition away, long offset, Map<String, Map<Integer, ReplicationPosition>> copiedOut,
                            Map<String, Map<Integer, ReplicationPosition>> copiedBack, Instant now) {
        Optional<String> original = originalOf(away.topic());
        if (original.isPresent() && copiedOut.containsKey(original.get())) {
            ReplicationPosition out = position(copiedOut, original.get(), away.partition());
            Translation back = translators.computeIfAbsent(new Partition(original.get(), away.partition()),
                    p -> OffsetTranslator.backwards(syncPoints.load(forward.name(), p.topic(), p.partition()), out))
                    .translate(offset);
            // Past the last copy (exactly at it, or into records written away): every copy was read.
            boolean readEveryCopy = back instanceof Translation.AheadOfReplication
                    || back instanceof Translation.Exact e && e.targetOffset() >= out.nextSourceOffset();
            // With identity naming the same topic also holds what was written away: continue with the reverse flow.
            if (!(readEveryCopy && forward.naming().isIdentity())) {
                return checkpoint(group, away, offset, original.get(),
                        back instanceof Translation.AheadOfReplication ? new Translation.Exact(out.nextSourceOffset()) : back,
                        now);
            }
        }
        Translation there = new OffsetTranslator(syncPoints.loadFrom(reverse.name(), away.topic(), away.partition(), offset),
                position(copiedBack, away.topic(), away.partition())).translate(offset);
        return checkpoint(group, away, offset, reverse.targetTopic(away.topic()), there, now);
    }

    /** The forward flow's source topic that {@code awayTopic} replicates: with prefix naming only {@code <source>.*}. */
    private Optional<String> originalOf(String awayTopic) {
        if (forward.naming().isIdentity()) {
            return Optional.of(awayTopic);
        }
        String prefix = forward.naming().replicaPrefix(forward.source());
        return awayTopic.startsWith(prefix) ? Optional.of(awayTopic.substring(prefix.length())) : Optional.empty();
    }

    private static ReplicationPosition position(Map<String, Map<Integer, ReplicationPosition>> positions, String topic,
                                                int partition) {
        return positions.getOrDefault(topic, Map.of()).getOrDefault(partition, ReplicationPosition.unknown());
    }

    private Checkpoint checkpoint(String group, Partition away, long offset, String homeTopic, Translation translation,
                                  Instant now) {
        return new Checkpoint(forward.name(), group, away.topic(), away.partition(), offset, homeTopic, translation, now,
                now);
    }
}
