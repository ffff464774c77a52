package dev.tandem.failover;

import dev.tandem.checkpoints.Partition;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.KafkaCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import dev.tandem.kafka.KafkaOperationException;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;

/**
 * Applies a plan on the cluster the groups move to, group by group, with compare-and-set: right
 * before committing, the group must still be as planned (no member joined, no offset changed);
 * after committing, the offsets are read back.
 */
public final class GroupMover {

    /** What happened to one group. */
    public record Outcome(String group, String result, Map<Partition, Long> committed, Optional<String> problem) {
        public static final String MOVED = "moved";
        public static final String UNCHANGED = "unchanged";
        public static final String REFUSED = "refused";
        /** Committed, but reading back showed other offsets (a consumer committed meanwhile). */
        public static final String DIFFERS = "differs";
    }

    private final Admin admin;
    private final ConsumerGroups groups;
    private final String cluster;

    public GroupMover(Admin admin, String cluster) {
        this.admin = admin;
        this.groups = new ConsumerGroups(admin, cluster);
        this.cluster = cluster;
    }

    /** @param force remove active members first (as planned with --force) */
    public List<Outcome> apply(FailoverPlan plan, boolean force, String metadata) {
        List<Outcome> outcomes = new ArrayList<>();
        for (GroupPlan group : plan.groups()) {
            outcomes.add(apply(group, force, metadata));
        }
        return outcomes;
    }

    private Outcome apply(GroupPlan plan, boolean force, String metadata) {
        Map<Partition, Long> commits = plan.commits();
        if (commits.isEmpty()) {
            return new Outcome(plan.group(), Outcome.UNCHANGED, Map.of(), Optional.empty());
        }
        ConsumerGroups.Standing now = groups.describe(List.of(plan.group())).get(plan.group());
        if (!now.committed().equals(plan.committedWhenPlanned())) {
            return refused(plan, "its offsets on " + cluster + " changed since the plan was made; plan again");
        }
        if (now.active() && !force) {
            return refused(plan, "a member joined it on " + cluster + " since the plan was made");
        }
        commit(plan.group(), commits, metadata, now.active());
        Map<Partition, Long> readBack = groups.describe(List.of(plan.group())).get(plan.group()).committed();
        List<Partition> wrong = commits.keySet().stream().filter(p -> !commits.get(p).equals(readBack.get(p))).toList();
        if (!wrong.isEmpty()) {
            return new Outcome(plan.group(), Outcome.DIFFERS, readBack, Optional.of("read back differs for " + wrong
                    + " (a consumer of the group committed meanwhile?)"));
        }
        return new Outcome(plan.group(), Outcome.MOVED, commits, Optional.empty());
    }

    /**
     * Commits; when forced onto an active group, removes its members first, and again (a few
     * times) if one rejoined before the commit got through: the broker refuses commits to a group
     * with members.
     */
    private void commit(String group, Map<Partition, Long> commits, String metadata, boolean removeMembers) {
        for (int attempt = 1; ; attempt++) {
            if (removeMembers) {
                KafkaCalls.succeeds(admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions())
                        .all(), cluster, "remove the members of group " + group, GroupIdNotFoundException.class);
            }
            try {
                groups.commit(group, commits, metadata);
                return;
            } catch (KafkaOperationException e) {
                if (!removeMembers || attempt == 3 || !(e.getCause() instanceof UnknownMemberIdException
                        || e.getCause() instanceof GroupNotEmptyException)) {
                    throw e;
                }
            }
        }
    }

    private static Outcome refused(GroupPlan plan, String reason) {
        return new Outcome(plan.group(), Outcome.REFUSED, Map.of(), Optional.of(reason));
    }
}
