package dev.tandem.failover;

import dev.tandem.client.Partition;
import dev.tandem.failover.GroupOutcome.Result;
import dev.tandem.kafka.ConsumerGroups;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compare-and-set rules of applying one group's plan, apart from the Kafka calls that
 * {@link GroupMover} makes: right before committing, the group must stand as it did when planned
 * (no offset changed, no member joined) unless forced; after committing, the offsets read back
 * must be the ones committed. Pure: plain values in, a decision or an outcome out.
 */
final class CompareAndSet {

    /** What to do with one group right before committing. */
    sealed interface BeforeCommit {
    }

    /** The group's outcome is known without committing: nothing to commit, or refused. */
    record Settled(GroupOutcome outcome) implements BeforeCommit {
    }

    /**
     * Commit the plan's offsets; with {@code removeMembers} (forced onto an active group), remove
     * the group's members first, since the broker refuses commits to a group with members.
     */
    record Commit(boolean removeMembers) implements BeforeCommit {
    }

    private final String cluster;
    private final boolean force;

    /** @param force as planned with --force: move the group whatever it looks like now */
    CompareAndSet(String cluster, boolean force) {
        this.cluster = cluster;
        this.force = force;
    }

    /** @param now the group as it stands now; not looked at when the plan commits nothing */
    BeforeCommit beforeCommit(GroupPlan plan, ConsumerGroups.Standing now) {
        if (plan.commits().isEmpty()) {
            return new Settled(new GroupOutcome(plan.group(), Result.UNCHANGED, Map.of(), Optional.empty()));
        }
        if (!force && !now.committed().equals(plan.committedWhenPlanned())) {
            return new Settled(refused(plan, "its offsets on " + cluster + " changed since the plan was made; plan again"));
        }
        if (now.active() && !force) {
            return new Settled(refused(plan, "a member joined it on " + cluster + " since the plan was made"));
        }
        return new Commit(now.active());
    }

    /** Moved when every committed offset reads back as committed; differs (naming the partitions) otherwise. */
    static GroupOutcome afterCommit(GroupPlan plan, Map<Partition, Long> readBack) {
        Map<Partition, Long> commits = plan.commits();
        List<Partition> wrong = commits.keySet().stream().filter(p -> !commits.get(p).equals(readBack.get(p))).toList();
        if (!wrong.isEmpty()) {
            return new GroupOutcome(plan.group(), Result.DIFFERS, readBack, Optional.of("read back differs for " + wrong
                    + " (a consumer of the group committed meanwhile?)"));
        }
        return new GroupOutcome(plan.group(), Result.MOVED, commits, Optional.empty());
    }

    /** The group is left as it was, for {@code reason}. */
    static GroupOutcome refused(GroupPlan plan, String reason) {
        return new GroupOutcome(plan.group(), Result.REFUSED, Map.of(), Optional.of(reason));
    }
}
