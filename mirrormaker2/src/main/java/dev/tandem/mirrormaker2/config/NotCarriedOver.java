package dev.tandem.mirrormaker2.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a MirrorMaker 2 setting has no place in a playbook, and the Tandem way to get what it is for.
 * Keys are matched by their name without the {@code A.} or {@code A->B.} prefix: exactly, or by the
 * longest listed prefix ending in a dot.
 */
final class NotCarriedOver {

    private static final Map<String, String> REASONS = new LinkedHashMap<>();

    static {
        reason("tasks.max", "Tandem copies each flow in one thread per process; to share partitions, run more"
                + " `tandem replicate` processes with the same playbook");
        reason("tasks.max.enforce", "Tandem has no tasks");
        reason("emit.heartbeats.enabled", "Tandem writes no heartbeats topic; `tandem verify --continuous` measures"
                + " end-to-end delivery with canaries and exposes it as metrics");
        reason("emit.heartbeats.interval.seconds", REASONS.get("emit.heartbeats.enabled"));
        reason("heartbeats.topic.replication.factor", REASONS.get("emit.heartbeats.enabled"));
        reason("heartbeats.replication.enabled", REASONS.get("emit.heartbeats.enabled"));
        reason("emit.offset-syncs.enabled", "Tandem always records exact sync points (its store and"
                + " __tandem.sync-points on the target)");
        reason("offset-syncs.topic.location", "Tandem keeps its sync points on the target (__tandem.sync-points)"
                + " and in its store, never on the source");
        reason("offset-syncs.topic.replication.factor", "__tandem.sync-points is created with the target's"
                + " default replication factor");
        reason("offset.lag.max", "Tandem's sync points are exact for every record; there is no lag to bound");
        reason("checkpoints.topic.replication.factor", "__tandem.checkpoints is created with the target's default"
                + " replication factor");
        reason("emit.checkpoints.enabled", "Tandem checkpoints the groups a flow's `groups` select; narrow them"
                + " instead");
        reason("sync.group.offsets.interval.seconds", "Tandem syncs group offsets every checkpoint-interval");
        reason("refresh.groups.enabled", "Tandem lists the groups every checkpoint-interval");
        reason("refresh.groups.interval.seconds", REASONS.get("refresh.groups.enabled"));
        reason("refresh.topics.enabled", "Tandem always picks up new topics, every topic-refresh");
        reason("sync.topic.configs.enabled", "Tandem always copies topic settings, every topic-refresh (see"
                + " Replication in the README)");
        reason("sync.topic.configs.interval.seconds", "Tandem re-syncs topic settings every topic-refresh");
        reason("config.properties.exclude", "Tandem copies the settings set on the source topic, with fixed"
                + " exclusions (see Replication in the README)");
        reason("config.property.filter.class", REASONS.get("config.properties.exclude"));
        reason("sync.topic.acls.interval.seconds", "Tandem re-syncs ACLs (sync-acls) every topic-refresh");
        reason("topic.filter.class", "a custom filter class: Tandem selects by the include/exclude regexes"
                + " written here; check them");
        reason("group.filter.class", REASONS.get("topic.filter.class"));
        reason("replication.policy.internal.topic.separator.enabled", "names of MirrorMaker 2's internal topics;"
                + " Tandem's are __tandem.*");
        reason("forwarding.admin.class", "Tandem creates topics with its own admin client");
        reason("consumer.poll.timeout.ms", "Tandem's poll and call bounds are fixed (see Replication)");
        reason("admin.timeout.ms", REASONS.get("consumer.poll.timeout.ms"));
        reason("transaction.boundary", "for exactly-once flows Tandem's transaction length is commit-interval");
        reason("transaction.boundary.interval.ms", REASONS.get("transaction.boundary"));
        reason("exactly.once.source.support", "exactly-once is `delivery: exactly-once` on the flows into this"
                + " cluster, set when it is 'enabled' on their target");
        reason("exactly.once.support", "exactly-once is `delivery: exactly-once` on the flow");
        reason("offset.flush.interval.ms", "how often Tandem commits what it copied is `commit-interval`");
        reason("offset.flush.timeout.ms", REASONS.get("offset.flush.interval.ms"));
        reason("metric.reporters", "Tandem exposes Prometheus metrics with --metrics-port");
        reason("metric.names.formats", REASONS.get("metric.reporters"));
        reason("add.source.alias.to.metrics", REASONS.get("metric.reporters"));
        reason("metrics.", REASONS.get("metric.reporters"));
        reason("dedicated.mode.enable.internal.rest", "Tandem has no REST server; several processes share a"
                + " flow through the source's consumer group");
        reason("listeners", REASONS.get("dedicated.mode.enable.internal.rest"));
        reason("admin.listeners", REASONS.get("dedicated.mode.enable.internal.rest"));
        reason("rest.", REASONS.get("dedicated.mode.enable.internal.rest"));
        reason("access.control.", REASONS.get("dedicated.mode.enable.internal.rest"));
        reason("response.http.headers.config", REASONS.get("dedicated.mode.enable.internal.rest"));
        reason("offset.storage.", "MirrorMaker 2's Connect topics; Tandem keeps its progress in its store and"
                + " the replicator's consumer group");
        reason("config.storage.", REASONS.get("offset.storage."));
        reason("status.storage.", REASONS.get("offset.storage."));
        reason("group.id", REASONS.get("offset.storage."));
        reason("key.converter", "Tandem copies keys, values and headers as bytes, as MirrorMaker 2's"
                + " ByteArrayConverter does");
        reason("value.converter", REASONS.get("key.converter"));
        reason("header.converter", REASONS.get("key.converter"));
        reason("transforms", "Tandem copies records unchanged (no single message transforms)");
        reason("predicates", REASONS.get("transforms"));
        reason("errors.", "Tandem stops a flow on a record the target rejects for good and names it");
        reason("plugin.path", "Tandem loads no plugins");
        reason("plugin.discovery", REASONS.get("plugin.path"));
        reason("config.providers", "Tandem follows references through Kafka's FileConfigProvider,"
                + " DirectoryConfigProvider and EnvVarConfigProvider (they became ${file:...} and ${env:...}), not"
                + " through others: values read through them became ${env:...}");
        reason("client.id", "Tandem names its clients itself");
        reason("name", "set by MirrorMaker 2 itself");
        reason("connector.class", REASONS.get("name"));
        reason("source.cluster.alias", REASONS.get("name"));
        reason("target.cluster.alias", REASONS.get("name"));
    }

    private NotCarriedOver() {
    }

    private static void reason(String key, String why) {
        REASONS.put(key, why);
    }

    /** The reason for this setting name (without cluster or flow prefix). */
    static String reasonFor(String name) {
        String exact = REASONS.get(name);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String key : REASONS.keySet()) {
            if (key.endsWith(".") && name.startsWith(key) && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        if (best == null && name.startsWith("config.providers.")) {
            best = "config.providers";
        }
        return best != null ? REASONS.get(best) : "no Tandem equivalent";
    }
}
