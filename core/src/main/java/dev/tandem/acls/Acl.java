package dev.tandem.acls;

import java.util.Comparator;
import java.util.Objects;

/**
 * One ACL entry on a topic or a consumer group, as Tandem reads and writes it: the resource (its
 * kind, name, and whether the name is a prefix), the principal and host, the operation (Kafka's
 * name: {@code READ}, {@code WRITE}, {@code ALL}, ...) and whether it allows or denies.
 */
public record Acl(Resource resource, String name, boolean prefixed, String principal, String host, String operation,
                  boolean allow) {

    /** The kinds of resources ACL sync deals with. */
    public enum Resource {
        TOPIC,
        GROUP
    }

    /** The order every listing uses: resource, name, principal, operation, permission. */
    public static final Comparator<Acl> ORDER = Comparator.comparing(Acl::resource).thenComparing(Acl::name)
            .thenComparing(Acl::prefixed).thenComparing(Acl::principal).thenComparing(Acl::host)
            .thenComparing(Acl::operation).thenComparing(Acl::allow);

    public Acl {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
    }

    /** The same entry on another resource name. */
    public Acl on(String otherName) {
        return new Acl(resource, otherName, prefixed, principal, host, operation, allow);
    }

    /** The same entry for another operation. */
    public Acl withOperation(String otherOperation) {
        return new Acl(resource, name, prefixed, principal, host, otherOperation, allow);
    }

    /** As the listings show it: {@code topic east.orders (literal): User:alice from * ALLOW READ}. */
    public String describe() {
        return resource.name().toLowerCase(java.util.Locale.ROOT) + " " + name + " (" + (prefixed ? "prefixed" : "literal")
                + "): " + principal + " from " + host + " " + (allow ? "ALLOW " : "DENY ") + operation;
    }
}
