package dev.tandem.playbook;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a source topic is named on the target cluster.
 *
 * @param kind      prefix or identity
 * @param separator what stands between the source alias and the topic under prefix naming ({@code .} by
 *                  default; MirrorMaker 2's {@code replication.policy.separator}); also ends the alias in the
 *                  names of the target's own replicas that a flow never selects
 */
public record Naming(Kind kind, String separator) {

    /** The naming kinds, by their playbook names. */
    public enum Kind {
        /** {@code orders} from cluster {@code east} becomes {@code east.orders}: replicas are recognisable. */
        PREFIX("prefix"),
        /** {@code orders} stays {@code orders}: consumers switch clusters without renaming topics. */
        IDENTITY("identity");

        private final String yamlName;

        Kind(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    public static final String DEFAULT_SEPARATOR = ".";
    /** Characters Kafka allows in a topic name, of which a separator is made. */
    public static final Pattern SEPARATOR = Pattern.compile("[A-Za-z0-9._-]{1,16}");
    public static final Naming PREFIX = new Naming(Kind.PREFIX, DEFAULT_SEPARATOR);
    public static final Naming IDENTITY = new Naming(Kind.IDENTITY, DEFAULT_SEPARATOR);

    public Naming {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(separator, "separator");
        if (!SEPARATOR.matcher(separator).matches()) {
            throw new IllegalArgumentException("invalid separator '" + separator + "'");
        }
    }

    public String yamlName() {
        return kind.yamlName();
    }

    public boolean isIdentity() {
        return kind == Kind.IDENTITY;
    }

    /** The name of the replica of {@code sourceTopic} when it comes from cluster {@code sourceAlias}. */
    public String targetTopic(String sourceAlias, String sourceTopic) {
        return kind == Kind.PREFIX ? replicaPrefix(sourceAlias) + sourceTopic : sourceTopic;
    }

    /** How the names of prefix-named replicas of cluster {@code alias} begin: {@code alias} and the separator. */
    public String replicaPrefix(String alias) {
        return alias + separator;
    }

    /**
     * The source topic that {@code targetTopic} replicates when it comes from {@code sourceAlias};
     * empty when it is not such a replica (prefix naming: it lacks the alias and separator).
     */
    public java.util.Optional<String> sourceTopic(String sourceAlias, String targetTopic) {
        if (kind == Kind.IDENTITY) {
            return java.util.Optional.of(targetTopic);
        }
        String prefix = replicaPrefix(sourceAlias);
        return targetTopic.startsWith(prefix) && targetTopic.length() > prefix.length()
                ? java.util.Optional.of(targetTopic.substring(prefix.length())) : java.util.Optional.empty();
    }
}
