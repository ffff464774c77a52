package dev.tandem.migration.checkpoint;

import dev.tandem.checkpoints.StoredTranslators;
import dev.tandem.client.Checkpoint;
import dev.tandem.client.Partition;
import dev.tandem.failover.GroupSelection;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.InternalGroups;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.offsets.OffsetTranslator;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.store.SyncPointRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;

/**
 * The last checkpoint of the groups a migration moves, taken on the live source once it is
 * drained: their committed offsets on the flow's topics, translated through the stored sync points
 * exactly as the checkpointer does. Refused while a group still has members on the source: they
 * could commit again after it.
 */
public final class FinalCheckpoints {

    /** What was taken: the checkpoints, or the groups still active on the source with their members. */
    public sealed interface Taken {
        /** @param checkpoints ordered by group, topic and partition */
        record Checkpoints(List<Checkpoint> checkpoints) implements Taken {
            public Checkpoints {
                checkpoints = List.copyOf(checkpoints);
            }
        }

        /** @param members by group: {@code client-id@host} of each active member */
        record Active(Map<String, List<String>> members) implements Taken {
            public Active {
                members = Map.copyOf(members);
            }
        }
    }

    private final KafkaClients clients;
    private final SyncPointRepository syncPoints;
    private final Clock clock;

    public FinalCheckpoints(KafkaClients clients, SyncPointRepository syncPoints, Clock clock) {
        this.clients = clients;
        this.syncPoints = syncPoints;
        this.clock = clock;
    }

    /**
     * The groups a selection means on the source: the named ones as given, and with a regex or all,
     * the groups the flow's {@code groups} filter selects that committed offsets on its topics
     * (never Tandem's own groups).
     */
    public Set<String> select(Flow flow, ClusterSpec source, GroupSelection selection, Collection<String> topics) {
        Set<String> selected = new TreeSet<>(selection.named());
        if (!selection.all() && selection.regex().isEmpty()) {
            List<String> without = committed(source, selected, topics).entrySet().stream()
                    .filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).sorted().toList();
            if (!without.isEmpty()) {
                throw new dev.tandem.safety.RefusedException("group(s) " + String.join(", ", without)
                        + " committed no offsets on the flow's topics on " + source.alias()
                        + " (a typo, or a group of other topics?): nothing of theirs to migrate");
            }
            return selected;
        }
        try (Admin admin = clients.admin(source)) {
            ConsumerGroups onSource = new ConsumerGroups(admin, source.alias());
            List<String> candidates = onSource.names().stream()
                    .filter(g -> flow.groups().matches(g) && !InternalGroups.isReplicator(g)
                            && !InternalGroups.alwaysCheckpointed(g, flow))
                    .filter(g -> selection.all() || selection.regex().get().matcher(g).matches()).toList();
            onSource.describe(candidates).values().stream()
                    .filter(s -> s.committed().keySet().stream().anyMatch(p -> topics.contains(p.topic())))
                    .forEach(s -> selected.add(s.group()));
        }
        return selected;
    }

    /** The groups' checkpoints now, or the groups that still have members on the source. */
    public Taken take(Flow flow, ClusterSpec source, Set<String> groups, Collection<String> topics) {
        try (Admin admin = clients.admin(source)) {
            ConsumerGroups onSource = new ConsumerGroups(admin, source.alias());
            Map<String, List<String>> active = onSource.activeMembers(groups);
            if (!active.isEmpty()) {
                return new Taken.Active(active);
            }
            Map<String, Map<Partition, Long>> committed = committed(onSource, groups, topics);
            return new Taken.Checkpoints(checkpoints(flow, committed));
        }
    }

    /** The groups' committed offsets on the flow's topics now, by group (a group without any maps to none). */
    public Map<String, Map<Partition, Long>> committed(ClusterSpec source, Set<String> groups,
                                                       Collection<String> topics) {
        try (Admin admin = clients.admin(source)) {
            return committed(new ConsumerGroups(admin, source.alias()), groups, topics);
        }
    }

    private static Map<String, Map<Partition, Long>> committed(ConsumerGroups onSource, Set<String> groups,
                                                               Collection<String> topics) {
        Map<String, Map<Partition, Long>> committed = new HashMap<>();
        onSource.describe(groups).forEach((group, standing) -> {
            Map<Partition, Long> offsets = new HashMap<>();
            standing.committed().forEach((p, offset) -> {
                if (topics.contains(p.topic()) && offset >= 0) {
                    offsets.put(p, offset);
                }
            });
            committed.put(group, offsets);
        });
        return committed;
    }

    private List<Checkpoint> checkpoints(Flow flow, Map<String, Map<Partition, Long>> committed) {
        Map<Partition, OffsetTranslator> translators = StoredTranslators.of(syncPoints, flow.name(), committed);
        Instant now = clock.instant();
        List<Checkpoint> checkpoints = new ArrayList<>();
        committed.forEach((group, offsets) -> offsets.forEach((p, offset) -> checkpoints.add(new Checkpoint(
                flow.name(), group, p.topic(), p.partition(), offset, flow.targetTopic(p.topic()),
                translators.get(p).translate(offset), now, now))));
        checkpoints.sort(dev.tandem.client.CheckpointSource.ORDER);
        return checkpoints;
    }
}
