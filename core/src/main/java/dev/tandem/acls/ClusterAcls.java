package dev.tandem.acls;

import dev.tandem.failures.Failure;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaOperationException;
import dev.tandem.safety.RefusedException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/** The topic and group ACLs of one cluster: read, created and deleted through its admin client. */
public final class ClusterAcls {

    private final Admin admin;
    private final String cluster;

    public ClusterAcls(Admin admin, String cluster) {
        this.admin = admin;
        this.cluster = cluster;
    }

    /** Every topic and group ACL; refused when the cluster has no authorizer (there is nothing to sync). */
    public List<Acl> list() {
        try {
            return KafkaCalls.await(admin.describeAcls(AclBindingFilter.ANY).values(), cluster, "describe ACLs")
                    .stream().map(ClusterAcls::acl).flatMap(Optional::stream).toList();
        } catch (KafkaOperationException | ClusterUnreachableException e) {
            if (e.getCause() instanceof SecurityDisabledException) {
                throw new RefusedException("sync-acls needs an authorizer on " + cluster + ", and its brokers have"
                        + " none (authorizer.class.name is not set): there are no ACLs to read or write");
            }
            throw denied(e, "describe ACLs", "DESCRIBE");
        }
    }

    public void create(Collection<Acl> acls) {
        if (!acls.isEmpty()) {
            try {
                KafkaCalls.await(admin.createAcls(acls.stream().map(ClusterAcls::binding).toList()).all(), cluster,
                        "create ACLs");
            } catch (ClusterUnreachableException e) {
                throw denied(e, "create ACLs", "ALTER");
            }
        }
    }

    public void delete(Collection<Acl> acls) {
        if (!acls.isEmpty()) {
            try {
                KafkaCalls.await(admin.deleteAcls(acls.stream().map(a -> binding(a).toFilter()).toList()).all(),
                        cluster, "delete ACLs");
            } catch (ClusterUnreachableException e) {
                throw denied(e, "delete ACLs", "ALTER");
            }
        }
    }

    /** A refusal told with the grant it needs, instead of the broker's own words. */
    private RuntimeException denied(RuntimeException e, String attempted, String operation) {
        if (e instanceof ClusterUnreachableException unreachable && unreachable.failure() instanceof Failure.NotAuthorized) {
            return new ClusterUnreachableException("not authorized to " + attempted + " on " + cluster
                    + ": sync-acls needs " + operation + " on CLUSTER there for Tandem's principal",
                    unreachable.failure(), cluster, e);
        }
        return e;
    }

    static Optional<Acl> acl(AclBinding binding) {
        ResourcePattern pattern = binding.pattern();
        Acl.Resource resource;
        if (pattern.resourceType() == ResourceType.TOPIC) {
            resource = Acl.Resource.TOPIC;
        } else if (pattern.resourceType() == ResourceType.GROUP) {
            resource = Acl.Resource.GROUP;
        } else {
            return Optional.empty();
        }
        if (pattern.patternType() != PatternType.LITERAL && pattern.patternType() != PatternType.PREFIXED) {
            return Optional.empty();
        }
        AccessControlEntry entry = binding.entry();
        return Optional.of(new Acl(resource, pattern.name(), pattern.patternType() == PatternType.PREFIXED,
                entry.principal(), entry.host(), entry.operation().name(),
                entry.permissionType() == AclPermissionType.ALLOW));
    }

    static AclBinding binding(Acl acl) {
        return new AclBinding(new ResourcePattern(acl.resource() == Acl.Resource.TOPIC ? ResourceType.TOPIC
                : ResourceType.GROUP, acl.name(), acl.prefixed() ? PatternType.PREFIXED : PatternType.LITERAL),
                new AccessControlEntry(acl.principal(), acl.host(), AclOperation.valueOf(acl.operation()),
                        acl.allow() ? AclPermissionType.ALLOW : AclPermissionType.DENY));
    }
}
