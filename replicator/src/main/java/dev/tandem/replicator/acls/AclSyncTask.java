package dev.tandem.replicator.acls;

import dev.tandem.acls.AclPlan;
import dev.tandem.acls.AclSynchronizer;
import dev.tandem.playbook.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flow's ACL sync ({@code sync-acls}) as the replicator runs it: once before copying, where a
 * failure stops the start, then every topic-refresh, where a failure is logged once per streak
 * and replication goes on (the target's ACLs then lag the source's until it works again).
 */
public final class AclSyncTask {

    private static final Logger LOG = LoggerFactory.getLogger(AclSyncTask.class);

    private final Flow flow;
    private final AclSynchronizer synchronizer;
    private boolean failing;

    public AclSyncTask(Flow flow, AclSynchronizer synchronizer) {
        this.flow = flow;
        this.synchronizer = synchronizer;
    }

    /** The first sync; throws what went wrong (an authorizer missing, ALTER on CLUSTER not granted). */
    public void runFirst() {
        told(synchronizer.sync(flow));
    }

    public void runScheduled() {
        try {
            told(synchronizer.sync(flow));
            if (failing) {
                LOG.info("flow {}: ACL sync works again", flow.name());
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("flow {}: ACL sync failed: {}; replication goes on, and {}'s ACLs lag {}'s until it works"
                        + " again (tried every topic-refresh)", flow.name(), e.getMessage(), flow.target(), flow.source());
            }
            failing = true;
        }
    }

    private void told(AclPlan plan) {
        plan.create().forEach(a -> LOG.info("flow {}: created on {}: {}", flow.name(), flow.target(), a.describe()));
        plan.delete().forEach(a -> LOG.info("flow {}: deleted from {} (no longer on {}): {}", flow.name(),
                flow.target(), flow.source(), a.describe()));
        plan.notCopied().forEach(n -> LOG.debug("flow {}: not copied: {}: {}", flow.name(), n.acl().describe(),
                n.reason()));
    }
}
