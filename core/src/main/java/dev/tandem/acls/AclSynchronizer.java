package dev.tandem.acls;

import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.InternalGroups;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.SyncedAclRepository;
import dev.tandem.store.SyncedAclRepository.Origin;
import dev.tandem.topics.TopicSelector;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;

/**
 * Reads a flow's ACLs on both clusters and the ones Tandem created, plans with {@link AclPlanner},
 * and (unless only planning) creates and deletes on the target, recording what it created in the
 * store. What the replicator runs every topic-refresh, {@code tandem acls} shows, and {@code tandem
 * migrate} runs at its preflight and, for WRITE, at the cutover.
 */
public final class AclSynchronizer {

    private final Playbook playbook;
    private final KafkaClients clients;
    private final SyncedAclRepository store;
    private final Clock clock;

    public AclSynchronizer(Playbook playbook, KafkaClients clients, SyncedAclRepository store, Clock clock) {
        this.playbook = playbook;
        this.clients = clients;
        this.store = store;
        this.clock = clock;
    }

    /** What a sync would do now. */
    public AclPlan plan(Flow flow) {
        return withBoth(flow, (source, target) -> planner(flow, source).plan(new ClusterAcls(source, flow.source()).list(),
                new ClusterAcls(target, flow.target()).list(), store.created(flow.name(), Origin.SYNC)));
    }

    /**
     * Creates what is missing on the target and deletes Tandem's own ACLs the source no longer
     * implies; returns the plan it followed.
     */
    public AclPlan sync(Flow flow) {
        return withBoth(flow, (source, target) -> {
            ClusterAcls onTarget = new ClusterAcls(target, flow.target());
            List<Acl> targetAcls = onTarget.list();
            List<Acl> ours = store.created(flow.name(), Origin.SYNC);
            AclPlan plan = planner(flow, source).plan(new ClusterAcls(source, flow.source()).list(), targetAcls, ours);
            // Ours that someone else deleted from the target: no longer ours (recreated below when still wanted).
            store.forget(flow.name(), ours.stream().filter(a -> !targetAcls.contains(a)).toList());
            store.record(flow.name(), Origin.SYNC, plan.create(), clock.instant());
            onTarget.create(plan.create());
            onTarget.delete(plan.delete());
            store.forget(flow.name(), plan.delete());
            return plan;
        });
    }

    /**
     * The WRITE grants of {@code sync-acls: all} for the flow's replicas; created (and recorded as a
     * migration's) unless {@code dryRun}. Those already on the target are left as they are.
     */
    public List<Acl> grantWrites(Flow flow, boolean dryRun) {
        return withBoth(flow, (source, target) -> {
            ClusterAcls onTarget = new ClusterAcls(target, flow.target());
            List<Acl> present = onTarget.list();
            List<Acl> grants = planner(flow, source).writeGrants(new ClusterAcls(source, flow.source()).list());
            List<Acl> missing = grants.stream().filter(a -> !present.contains(a)).toList();
            if (!dryRun) {
                store.record(flow.name(), Origin.MIGRATION, missing, clock.instant());
                onTarget.create(missing);
            }
            return grants;
        });
    }

    private AclPlanner planner(Flow flow, Admin source) {
        ClusterSpec spec = playbook.cluster(flow.source());
        Set<String> names = KafkaCalls.await(source.listTopics().names(), spec.alias(), "list topics");
        List<String> topics = List.copyOf(new TopicSelector(flow, playbook.verify().canaryTopic()).select(names));
        List<String> groups = new ConsumerGroups(source, spec.alias()).names().stream()
                .filter(g -> flow.groups().matches(g) && !InternalGroups.isReplicator(g)).toList();
        return new AclPlanner(flow, topics, groups);
    }

    private interface BothClusters<T> {
        T apply(Admin source, Admin target);
    }

    private <T> T withBoth(Flow flow, BothClusters<T> work) {
        try (Admin source = clients.admin(playbook.cluster(flow.source()));
             Admin target = clients.admin(playbook.cluster(flow.target()))) {
            return work.apply(source, target);
        }
    }
}
