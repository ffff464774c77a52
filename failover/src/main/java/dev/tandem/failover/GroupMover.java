package dev.tandem.failover;

import dev.tandem.client.Partition;
import dev.tandem.failover.GroupOutcome.Result;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.KafkaCalls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.KafkaOperationException;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;

/**
 * Applies a plan on the cluster the groups move to, group by group, with compare-and-set: right
 * before committing, the group must still be as planned (no member joined, no offset changed);
 * after committing, the offsets are read back.
 */
public final class GroupMover {

    private final Admin admin;
    private final ConsumerGroups groups;
    private final String cluster;

    public GroupMover(Admin admin, String cluster) {
        this.admin = admin;
        this.groups = new ConsumerGroups(admin, cluster);
        this.cluster = cluster;
    }

    /**
     * Applies every group's moves: one batched look at all groups, their commits in flight
     * together, one batched read-back, so that a hundred groups take a few round trips.
     *
     * @param force remove active members first (as planned with --force)
     */
    public List<GroupOutcome> apply(FailoverPlan plan, boolean force, String metadata) {
        List<GroupPlan> moving = plan.groups().stream().filter(g -> !g.commits().isEmpty()).toList();
        Map<String, ConsumerGroups.Standing> now = moving.isEmpty() ? Map.of()
                : groups.describe(moving.stream().map(GroupPlan::group).toList());
        Map<String, GroupOutcome> outcomes = new LinkedHashMap<>();
        Map<String, KafkaFuture<Void>> inFlight = new LinkedHashMap<>();
        for (GroupPlan group : plan.groups()) {
            ConsumerGroups.Standing standing = now.get(group.group());
            if (group.commits().isEmpty()) {
                outcomes.put(group.group(), new GroupOutcome(group.group(), Result.UNCHANGED, Map.of(), Optional.empty()));
            } else if (!force && !standing.committed().equals(group.committedWhenPlanned())) {
                outcomes.put(group.group(), refused(group, "its offsets on " + cluster
                        + " changed since the plan was made; plan again"));
            } else if (standing.active() && !force) {
                outcomes.put(group.group(), refused(group, "a member joined it on " + cluster + " since the plan was made"));
            } else if (standing.active()) {
                try {
                    commit(group.group(), group.commits(), metadata, true);
                } catch (KafkaOperationException | ClusterUnreachableException e) {
                    outcomes.put(group.group(), refused(group, e.getMessage()));
                }
            } else {
                inFlight.put(group.group(), groups.commitAsync(group.group(), group.commits(), metadata));
            }
        }
        // A commit the broker refused (a member joined meanwhile) leaves that group as it was; the others are moved.
        inFlight.forEach((group, commit) -> {
            try {
                KafkaCalls.await(commit, cluster, "commit offsets of group " + group);
            } catch (KafkaOperationException | ClusterUnreachableException e) {
                GroupPlan refusedPlan = moving.stream().filter(g -> g.group().equals(group)).findFirst().orElseThrow();
                outcomes.put(group, refused(refusedPlan, e.getMessage()));
            }
        });
        List<GroupPlan> committed = moving.stream().filter(g -> !outcomes.containsKey(g.group())).toList();
        Map<String, ConsumerGroups.Standing> readBack = committed.isEmpty() ? Map.of()
                : groups.describe(committed.stream().map(GroupPlan::group).toList());
        for (GroupPlan group : committed) {
            outcomes.put(group.group(), readBack(group, readBack.get(group.group()).committed()));
        }
        return plan.groups().stream().map(g -> outcomes.get(g.group())).toList();
    }

    private static GroupOutcome readBack(GroupPlan plan, Map<Partition, Long> readBack) {
        Map<Partition, Long> commits = plan.commits();
        List<Partition> wrong = commits.keySet().stream().filter(p -> !commits.get(p).equals(readBack.get(p))).toList();
        if (!wrong.isEmpty()) {
            return new GroupOutcome(plan.group(), Result.DIFFERS, readBack, Optional.of("read back differs for " + wrong
                    + " (a consumer of the group committed meanwhile?)"));
        }
        return new GroupOutcome(plan.group(), Result.MOVED, commits, Optional.empty());
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

    private static GroupOutcome refused(GroupPlan plan, String reason) {
        return new GroupOutcome(plan.group(), Result.REFUSED, Map.of(), Optional.of(reason));
    }
}
