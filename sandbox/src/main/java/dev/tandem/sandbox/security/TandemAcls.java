package dev.tandem.sandbox.security;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What a secured sandbox grants the {@code tandem} user on each cluster: the operations every Tandem
 * command needs (the README's "ACLs Tandem needs"), on every topic and group ({@code *}) rather than
 * on each name, and transactional ids by the prefix {@code tandem.}. Each cluster is the source of
 * one flow and the target of the other, so both get the same grants.
 */
public final class TandemAcls {

    private TandemAcls() {
    }

    /** The grants, as Kafka's ACL bindings for {@code User:user}. */
    public static List<AclBinding> bindings(String user) {
        List<AclBinding> bindings = new ArrayList<>();
        add(bindings, user, new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL),
                AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.ALTER, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
        add(bindings, user, new ResourcePattern(ResourceType.GROUP, "*", PatternType.LITERAL),
                AclOperation.READ, AclOperation.DESCRIBE);
        add(bindings, user, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "tandem.", PatternType.PREFIXED),
                AclOperation.WRITE, AclOperation.DESCRIBE);
        add(bindings, user, new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        return bindings;
    }

    private static void add(List<AclBinding> bindings, String user, ResourcePattern pattern, AclOperation... operations) {
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(pattern,
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
