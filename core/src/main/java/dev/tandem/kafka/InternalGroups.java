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
}
