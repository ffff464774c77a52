package dev.tandem.kafka;

import dev.tandem.playbook.Flow;

/** Names of Tandem's own consumer groups. */
public final class InternalGroups {

    private InternalGroups() {
    }

    /**
     * The source group {@code tandem verify} commits at a known canary; the flow's checkpointer
     * always checkpoints it, whatever the flow's {@code groups} filter says.
     */
    public static String verifier(Flow flow) {
        return "tandem.verifier." + flow.name();
    }

    /** The group a drill's failover and failback rehearsals move between the clusters. */
    public static String drill(String drill) {
        return DRILL_PREFIX + drill;
    }

    /** Whether a flow's checkpointer checkpoints this group whatever the flow's {@code groups} filter says. */
    public static boolean alwaysCheckpointed(String group, Flow flow) {
        return group.equals(verifier(flow)) || group.startsWith(DRILL_PREFIX);
    }

    /** Whether a group is one of Tandem's replicators' own source groups: never checkpointed nor migrated. */
    public static boolean isReplicator(String group) {
        return group.startsWith(REPLICATOR_PREFIX);
    }

    /** Prefix of the replicators' consumer groups. */
    public static final String REPLICATOR_PREFIX = "tandem.replicator.";

    private static final String DRILL_PREFIX = "tandem.drill.";
}
