package dev.tandem.playbook;

/** How a source topic is named on the target cluster. */
public enum Naming {
    /** {@code orders} from cluster {@code east} becomes {@code east.orders}: replicas are recognisable. */
    PREFIX("prefix"),
    /** {@code orders} stays {@code orders}: consumers switch clusters without renaming topics. */
    IDENTITY("identity");

    private final String yamlName;

    Naming(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The name of the replica of {@code sourceTopic} when it comes from cluster {@code sourceAlias}. */
    public String targetTopic(String sourceAlias, String sourceTopic) {
        return this == PREFIX ? sourceAlias + "." + sourceTopic : sourceTopic;
    }
}
