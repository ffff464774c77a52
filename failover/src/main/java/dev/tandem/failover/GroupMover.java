package dev.tandem.failover;

import dev.tandem.client.Partition;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaOperationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;

/**
 * Applies a plan on the cluster the groups move to, group by group, with compare-and-set
 * ({@link CompareAndSet} decides): right before committing, the group must still be as planned
 * (no member joined, no offset changed); after committing, the offsets are read back.
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
        Map<GroupPlan, KafkaFuture<Void>> inFlight = new LinkedHashMap<>();
        CompareAndSet rules = new CompareAndSet(cluster, force);
        for (GroupPlan group : plan.groups()) {
            CompareAndSet.BeforeCommit decision = rules.beforeCommit(group, now.get(group.group()));
            if (decision instanceof CompareAndSet.Settled settled) {
                outcomes.put(group.group(), settled.outcome());
            } else if (((CompareAndSet.Commit) decision).removeMembers()) {
                try {
                    commit(group.group(), group.commits(), metadata);
                } catch (KafkaOperationException | ClusterUnreachableException e) {
                    outcomes.put(group.group(), CompareAndSet.refused(group, e.getMessage()));
                }
            } else {
                inFlight.put(group, groups.commitAsync(group.group(), group.commits(), metadata));
            }
        }
        awaitCommits(inFlight, outcomes);
        readBack(moving.stream().filter(g -> !outcomes.containsKey(g.group())).toList(), outcomes);
        return plan.groups().stream().map(g -> outcomes.get(g.group())).toList();
    }

    /** A commit the broker refused (a member joined meanwhile) leaves that group as it was; the others are moved. */
    private void awaitCommits(Map<GroupPlan, KafkaFuture<Void>> inFlight, Map<String, GroupOutcome> outcomes) {
        inFlight.forEach((group, commit) -> {
            try {
                KafkaCalls.await(commit, cluster, "commit offsets of group " + group.group());
            } catch (KafkaOperationException | ClusterUnreachableException e) {
                outcomes.put(group.group(), CompareAndSet.refused(group, e.getMessage()));
            }
        });
    }

    /** Reads the committed groups' offsets back, in one batch. */
    private void readBack(List<GroupPlan> committed, Map<String, GroupOutcome> outcomes) {
        Map<String, ConsumerGroups.Standing> readBack = committed.isEmpty() ? Map.of()
                : groups.describe(committed.stream().map(GroupPlan::group).toList());
        for (GroupPlan group : committed) {
            outcomes.put(group.group(), CompareAndSet.afterCommit(group, readBack.get(group.group()).committed()));
        }
    }

    /**
     * Commits onto an active group (forced): removes its members first, and again (a few times)
     * if one rejoined before the commit got through: the broker refuses commits to a group with members.
     */
    private void commit(String group, Map<Partition, Long> commits, String metadata) {
        for (int attempt = 1; ; attempt++) {
            KafkaCalls.succeeds(admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions())
                    .all(), cluster, "remove the members of group " + group, GroupIdNotFoundException.class);
            try {
                groups.commit(group, commits, metadata);
                return;
            } catch (KafkaOperationException e) {
                if (attempt == 3 || !(e.getCause() instanceof UnknownMemberIdException
                        || e.getCause() instanceof GroupNotEmptyException)) {
                    throw e;
                }
            }
        }
    }
}
