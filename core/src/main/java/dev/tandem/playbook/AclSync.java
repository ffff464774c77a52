package dev.tandem.playbook;

import java.util.Arrays;
import java.util.Optional;

/** Which of the source's ACLs a flow copies to its target: the playbook key {@code sync-acls}. */
public enum AclSync {
    /** None (the default). */
    OFF("false"),
    /**
     * Reading: READ, DESCRIBE and DESCRIBE_CONFIGS on the flow's topics (for their replicas), READ
     * and DESCRIBE on its groups, and every deny entry on them; re-synced every topic-refresh.
     */
    READ("read"),
    /** As {@link #READ}, and WRITE on the replicas, granted by {@code tandem migrate} at the cutover. */
    ALL("all");

    private final String yamlName;

    AclSync(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public boolean enabled() {
        return this != OFF;
    }

    public static Optional<AclSync> of(String yamlName) {
        return Arrays.stream(values()).filter(a -> a.yamlName.equals(yamlName)).findFirst();
    }
}
