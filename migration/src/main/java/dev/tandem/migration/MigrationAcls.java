package dev.tandem.migration;

import dev.tandem.acls.Acl;
import dev.tandem.acls.AclPlan;
import dev.tandem.acls.AclSynchronizer;
import dev.tandem.migration.MigrationReport.StepResult.Status;
import dev.tandem.playbook.AclSync;
import dev.tandem.playbook.Flow;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A migration's ACL work: with {@code sync-acls}, the reading ACLs synced at the preflight as the
 * replicator syncs them; with {@code sync-acls: all}, the producers' WRITE granted at the cutover.
 * A dry run plans both and changes nothing.
 */
final class MigrationAcls {

    /** The ACL step's outcome. */
    record Outcome(Status status, String detail) {
    }

    private final AclSynchronizer synchronizer;

    MigrationAcls(AclSynchronizer synchronizer) {
        this.synchronizer = synchronizer;
    }

    /** What the preflight adds to its detail: nothing without sync-acls. */
    String atPreflight(Flow flow, boolean dryRun) {
        if (!flow.syncAcls().enabled()) {
            return "";
        }
        AclPlan plan = dryRun ? synchronizer.plan(flow) : synchronizer.sync(flow);
        return "; ACLs " + (dryRun ? plan.create().size() + " to create, " + plan.delete().size() + " to delete"
                : "synced: " + plan.create().size() + " created, " + plan.delete().size() + " deleted")
                + ", " + plan.present().size() + " present";
    }

    Outcome atCutover(Flow flow, boolean dryRun) {
        if (flow.syncAcls() != AclSync.ALL) {
            return new Outcome(Status.SKIPPED, "sync-acls is " + flow.syncAcls().yamlName()
                    + ": no WRITE ACLs are granted; grant the producers WRITE on " + flow.target() + " yourself");
        }
        List<Acl> grants = synchronizer.grantWrites(flow, dryRun);
        String listed = grants.isEmpty() ? "none: no source ACL allows WRITE on the flow's topics"
                : grants.stream().map(Acl::describe).collect(Collectors.joining("; "));
        return dryRun ? new Outcome(Status.PLANNED, "WRITE ACLs to grant on " + flow.target() + ": " + listed)
                : new Outcome(Status.PASSED, "WRITE ACLs granted on " + flow.target() + ": " + listed);
    }
}
