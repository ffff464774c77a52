package dev.tandem.acls;

import java.util.List;

/**
 * What ACL sync does for one flow: the target ACLs to create, those already there, the ones
 * Tandem created that the source no longer implies (to delete), and the source ACLs about the
 * flow's topics and groups that are not copied, each with its reason.
 */
public record AclPlan(List<Acl> create, List<Acl> present, List<Acl> delete, List<NotCopied> notCopied) {

    /** A source ACL that is not copied, and why. */
    public record NotCopied(Acl acl, String reason) {
    }

    public AclPlan {
        create = create.stream().sorted(Acl.ORDER).toList();
        present = present.stream().sorted(Acl.ORDER).toList();
        delete = delete.stream().sorted(Acl.ORDER).toList();
        notCopied = List.copyOf(notCopied);
    }

    /** Whether the target already has what the source implies, and nothing Tandem must take back. */
    public boolean inSync() {
        return create.isEmpty() && delete.isEmpty();
    }
}
