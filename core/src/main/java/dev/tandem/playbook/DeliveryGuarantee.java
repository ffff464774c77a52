package dev.tandem.playbook;

import java.util.Arrays;
import java.util.Optional;

/** What a flow promises about each source record on the target: the playbook key {@code delivery}. */
public enum DeliveryGuarantee {
    /** Never lost; after a crash the records since the last commit are copied again. */
    AT_LEAST_ONCE("at-least-once"),
    /** Committed on the target exactly once, with the source positions in the same transaction; read with read_committed. */
    EXACTLY_ONCE("exactly-once");

    private final String yamlName;

    DeliveryGuarantee(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<DeliveryGuarantee> of(String yamlName) {
        return Arrays.stream(values()).filter(d -> d.yamlName.equals(yamlName)).findFirst();
    }
}
