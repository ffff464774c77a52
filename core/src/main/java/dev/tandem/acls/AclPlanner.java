package dev.tandem.acls;

import dev.tandem.playbook.AclSync;
import dev.tandem.playbook.Flow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which of the source's ACLs a flow copies to its target, under which names. Pure: ACLs,
 * topic and group names in, a plan out.
 *
 * <p>Only ACLs about the flow's topics and groups count: a topic ACL whose name is a replicated
 * topic, or whose prefix starts one; a group ACL whose name the flow's groups filter selects, or
 * whose prefix starts a selected group on the source. Topic names map as the replicas are named
 * ({@code orders} to {@code east.orders}, prefix {@code ord} to {@code east.ord}); group names stay.
 * Deny entries are copied as they are (a deny never grants), but for every principal ({@code
 * User:*}), which would deny Tandem too. Allow entries are copied for reading only: READ, DESCRIBE and DESCRIBE_CONFIGS on topics, READ and DESCRIBE on groups; ALL is copied
 * as those. WRITE waits for the migration ({@link #writeGrants}). Wildcards ({@code *}) are not
 * copied: on the target they would apply to every topic or group. Under identity naming a topic
 * prefix becomes one LITERAL entry per replicated topic (the prefix would name the target's own
 * topics too). ACLs Tandem did not create are never deleted, and those it did only once their
 * source entry is revoked or no longer maps to them.
 */
public final class AclPlanner {

    private static final List<String> TOPIC_READING = List.of("READ", "DESCRIBE", "DESCRIBE_CONFIGS");
    private static final List<String> GROUP_READING = List.of("READ", "DESCRIBE");

    /** What one source ACL becomes: the target ACLs, or the reason it is not copied; nothing when unrelated. */
    private record Mapped(List<Acl> targets, String reason) {
        static final Mapped UNRELATED = new Mapped(List.of(), null);
    }

    private final Flow flow;
    private final Set<String> topics;
    private final Set<String> groups;

    /**
     * @param topics the source topics the flow replicates
     * @param groups the consumer groups on the source the flow's groups filter selects
     */
    public AclPlanner(Flow flow, Collection<String> topics, Collection<String> groups) {
        this.flow = flow;
        this.topics = new TreeSet<>(topics);
        this.groups = new TreeSet<>(groups);
    }

    /**
     * @param source the source's topic and group ACLs
     * @param target the target's topic and group ACLs
     * @param ours   the target ACLs Tandem's sync of this flow created
     */
    public AclPlan plan(Collection<Acl> source, Collection<Acl> target, Collection<Acl> ours) {
        Set<Acl> wanted = new LinkedHashSet<>();
        List<AclPlan.NotCopied> notCopied = new ArrayList<>();
        Set<Acl> mine = Set.copyOf(ours);
        for (Acl acl : source.stream().sorted(Acl.ORDER).toList()) {
            Mapped mapped = related(acl) ? map(acl) : Mapped.UNRELATED;
            wanted.addAll(mapped.targets());
            if (mapped.reason() != null) {
                notCopied.add(new AclPlan.NotCopied(acl, mapped.reason()));
            }
            if (!related(acl)) {
                // Still on the source, no longer about a topic or group there now (a group emptied and
                // expired, a topic recreated later): what Tandem made of it stays until it is revoked.
                map(acl).targets().stream().filter(mine::contains).forEach(wanted::add);
            }
        }
        Set<Acl> onTarget = Set.copyOf(target);
        List<Acl> create = wanted.stream().filter(a -> !onTarget.contains(a)).toList();
        List<Acl> present = wanted.stream().filter(onTarget::contains).toList();
        List<Acl> delete = ours.stream().filter(a -> !wanted.contains(a) && onTarget.contains(a)).toList();
        return new AclPlan(create, present, delete, notCopied);
    }

    /**
     * The WRITE entries a migration grants on the target with {@code sync-acls: all}: the source's
     * allow entries for WRITE (or ALL) on the flow's topics, as WRITE on their replicas.
     */
    public List<Acl> writeGrants(Collection<Acl> source) {
        Set<Acl> grants = new LinkedHashSet<>();
        source.stream().sorted(Acl.ORDER).filter(a -> a.resource() == Acl.Resource.TOPIC && a.allow()
                        && (a.operation().equals("WRITE") || a.operation().equals("ALL")) && related(a) && !wildcard(a))
                .forEach(a -> renamed(a).forEach(r -> grants.add(r.withOperation("WRITE"))));
        return List.copyOf(grants);
    }

    /** What a source ACL becomes on the target, whether or not it is about the flow's topics and groups now. */
    private Mapped map(Acl acl) {
        if (wildcard(acl)) {
            return new Mapped(List.of(), "a wildcard: on " + flow.target() + " it would apply to every "
                    + acl.resource().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!acl.allow() && acl.principal().equals("User:*")) {
            return new Mapped(List.of(), "a deny for every principal: on " + flow.target() + " it would deny Tandem"
                    + " too, which writes the replicas; make it there yourself if wanted");
        }
        List<Acl> renamed = renamed(acl);
        if (!acl.allow()) {
            return new Mapped(renamed, null);
        }
        List<String> reading = acl.resource() == Acl.Resource.TOPIC ? TOPIC_READING : GROUP_READING;
        if (acl.operation().equals("ALL")) {
            return new Mapped(renamed.stream().flatMap(r -> reading.stream().map(r::withOperation)).toList(), null);
        }
        if (reading.contains(acl.operation())) {
            return new Mapped(renamed, null);
        }
        if (acl.operation().equals("WRITE") && acl.resource() == Acl.Resource.TOPIC) {
            return new Mapped(List.of(), flow.syncAcls() == AclSync.ALL
                    ? "WRITE is granted by tandem migrate at the cutover: until then only Tandem writes to the replicas"
                    : "WRITE is not copied with sync-acls: read (sync-acls: all grants it at the migration)");
        }
        return new Mapped(List.of(), "only " + String.join(", ", reading) + " are copied to "
                + (acl.resource() == Acl.Resource.TOPIC ? "replicas" : "groups") + ", not " + acl.operation());
    }

    /**
     * The entry for the replica names. A topic prefix under identity naming names the target's own
     * topics too, so it becomes one LITERAL entry per replicated topic it starts; under prefix
     * naming the source's prefix ({@code east.}) keeps it to replicas.
     */
    private List<Acl> renamed(Acl acl) {
        if (acl.resource() == Acl.Resource.GROUP) {
            return List.of(acl);
        }
        if (acl.prefixed() && flow.naming().isIdentity()) {
            return topics.stream().filter(t -> t.startsWith(acl.name()))
                    .map(t -> new Acl(acl.resource(), t, false, acl.principal(), acl.host(), acl.operation(), acl.allow()))
                    .toList();
        }
        return List.of(acl.on(flow.targetTopic(acl.name())));
    }

    private boolean related(Acl acl) {
        if (acl.resource() == Acl.Resource.TOPIC) {
            return acl.prefixed() ? topics.stream().anyMatch(t -> t.startsWith(acl.name()))
                    : acl.name().equals("*") || topics.contains(acl.name());
        }
        return acl.prefixed() ? groups.stream().anyMatch(g -> g.startsWith(acl.name()))
                : acl.name().equals("*") || flow.groups().matches(acl.name());
    }

    private static boolean wildcard(Acl acl) {
        return !acl.prefixed() && acl.name().equals("*");
    }
}
