package dev.tandem.playbook.load;

import dev.tandem.playbook.ClientRole;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.FailoverSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.playbook.VerifySpec;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a YAML tree into a {@link Playbook}, checking schema v1 strictly: unknown keys, wrong
 * types, bad values and references to unknown clusters are all reported, not just the first.
 */
final class PlaybookBinder {

    private static final Set<String> ROOT_KEYS = Set.of("version", "clusters", "store", "flows", "verify", "failover",
            "drills", "scheduler");
    private static final Set<String> SCHEDULER_KEYS = Set.of("clustered");
    private static final Set<String> FAILOVER_KEYS = Set.of("max-checkpoint-age");
    private static final Set<String> VERIFY_KEYS = Set.of("canary-topic", "canaries", "timeout", "max-latency",
            "max-lost", "max-duplicated", "max-checkpoint-age", "interval");
    private static final Set<String> CLUSTER_KEYS = Set.of("bootstrap", "properties", "producer", "consumer", "admin");
    private static final Set<String> STORE_KEYS = Set.of("jdbc-url", "user", "password");
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\s:,\\[\\]]+):(\\d{1,5})");

    private final NodeReader in;
    /** Every alias under clusters, valid or not: a flow naming an invalid cluster is not a second error. */
    private final Set<String> declaredAliases = new java.util.HashSet<>();
    private final KnownClientSettings knownSettings = new KnownClientSettings();

    private final ScheduleSyntax schedules;

    PlaybookBinder(NodeReader in, ScheduleSyntax schedules) {
        this.schedules = schedules;
        this.in = in;
    }

    /** The playbook, or empty when any error was recorded. */
    Optional<Playbook> bind(YamlNode root) {
        Optional<YamlNode.Mapping> mapping = in.mapping(root, "");
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Mapping top = mapping.get();
        in.rejectUnknownKeys(top, "", ROOT_KEYS);
        in.optional(top, "version").ifPresent(this::checkVersion);
        Map<String, ClusterSpec> clusters = in.required(top, "", "clusters")
                .map(this::clusters).orElse(Map.of());
        StoreSpec store = in.optional(top, "store").flatMap(this::store).orElse(StoreSpec.defaultStore());
        List<Flow> flows = in.required(top, "", "flows")
                .map(node -> new FlowBinder(in, declaredAliases).flows(node, clusters)).orElse(List.of());
        VerifySpec verify = in.optional(top, "verify").flatMap(this::verify).orElse(VerifySpec.defaults());
        FailoverSpec failover = in.optional(top, "failover").flatMap(this::failover).orElse(FailoverSpec.defaults());
        List<DrillSpec> drills = in.optional(top, "drills").map(n -> new DrillBinder(in, schedules).drills(n, flows)).orElse(List.of());
        boolean clustered = in.optional(top, "scheduler").flatMap(n -> in.mapping(n, "scheduler")).flatMap(m -> {
            in.rejectUnknownKeys(m, "scheduler", SCHEDULER_KEYS);
            return in.optional(m, "clustered").flatMap(c -> in.bool(c, "scheduler.clustered"));
        }).orElse(false);
        return Optional.of(new Playbook(clusters, store, flows, verify, failover, drills, clustered));
    }

    private Optional<FailoverSpec> failover(YamlNode node) {
        return in.mapping(node, "failover").map(m -> {
            in.rejectUnknownKeys(m, "failover", FAILOVER_KEYS);
            return new FailoverSpec(in.optional(m, "max-checkpoint-age")
                    .flatMap(n -> in.duration(n, "failover.max-checkpoint-age"))
                    .orElse(FailoverSpec.defaults().maxCheckpointAge()));
        });
    }

    private Optional<VerifySpec> verify(YamlNode node) {
        return in.mapping(node, "verify").map(m -> {
            in.rejectUnknownKeys(m, "verify", VERIFY_KEYS);
            VerifySpec d = VerifySpec.defaults();
            String canaryTopic = in.optional(m, "canary-topic").flatMap(n -> in.string(n, "verify.canary-topic")
                    .filter(t -> in.check(TOPIC_NAME.matcher(t).matches() && !t.startsWith("__"), "verify.canary-topic", m,
                            "canary-topic", "invalid topic name '" + t + "' (up to 249 letters, digits, '.', '_' and '-';"
                                    + " not starting with __)")))
                    .orElse(d.canaryTopic());
            int canaries = in.optional(m, "canaries").flatMap(n -> in.positiveInt(n, "verify.canaries"))
                    .orElse(d.canaries());
            long maxLost = in.optional(m, "max-lost").flatMap(n -> in.count(n, "verify.max-lost")).orElse(d.maxLost());
            OptionalLong maxDuplicated = in.optional(m, "max-duplicated").flatMap(n -> in.count(n, "verify.max-duplicated"))
                    .map(OptionalLong::of).orElse(d.maxDuplicated());
            return new VerifySpec(canaryTopic, canaries, duration(m, "timeout", d.timeout()),
                    duration(m, "max-latency", d.maxLatency()), maxLost, maxDuplicated,
                    duration(m, "max-checkpoint-age", d.maxCheckpointAge()), duration(m, "interval", d.interval()));
        });
    }

    private Duration duration(YamlNode.Mapping verify, String key, Duration fallback) {
        return in.optional(verify, key).flatMap(n -> in.duration(n, "verify." + key)).orElse(fallback);
    }

    private void checkVersion(YamlNode node) {
        in.string(node, "version").ifPresent(v -> {
            if (!v.equals(String.valueOf(Playbook.SCHEMA_VERSION))) {
                in.error("version", node.line(), "unsupported playbook version '" + v
                        + "' (this Tandem reads version " + Playbook.SCHEMA_VERSION + ")");
            }
        });
    }

    private Map<String, ClusterSpec> clusters(YamlNode node) {
        Map<String, ClusterSpec> clusters = new LinkedHashMap<>();
        in.mapping(node, "clusters").ifPresent(m -> {
            if (m.entries().isEmpty()) {
                in.error("clusters", m.line(), "no clusters defined");
            }
            for (YamlNode.Entry entry : m.entries().values()) {
                declaredAliases.add(entry.key());
                String path = PlaybookPaths.child("clusters", entry.key());
                if (!ALIAS.matcher(entry.key()).matches()) {
                    in.error(path, entry.keyLine(), "invalid cluster alias '" + entry.key()
                            + "' (letters, digits, _ and -; no dots, since prefix naming puts the alias before a dot)");
                    continue;
                }
                cluster(entry.key(), entry.value(), path).ifPresent(c -> clusters.put(c.alias(), c));
            }
        });
        return clusters;
    }

    private Optional<ClusterSpec> cluster(String alias, YamlNode node, String path) {
        return in.mapping(node, path).flatMap(m -> {
            in.rejectUnknownKeys(m, path, CLUSTER_KEYS);
            Optional<String> bootstrap = in.required(m, path, "bootstrap")
                    .flatMap(b -> in.string(b, path + ".bootstrap"))
                    .filter(b -> validBootstrap(b, path + ".bootstrap", m.entries().get("bootstrap").value()));
            Map<String, String> properties = in.optional(m, "properties")
                    .map(p -> properties(p, path + ".properties", Optional.empty())).orElse(Map.of());
            Map<ClientRole, Map<String, String>> roles = new EnumMap<>(ClientRole.class);
            for (ClientRole role : ClientRole.values()) {
                in.optional(m, role.key()).map(p -> properties(p, path + "." + role.key(), Optional.of(role)))
                        .ifPresent(settings -> roles.put(role, settings));
            }
            return bootstrap.map(b -> new ClusterSpec(alias, b, properties, roles));
        });
    }

    private boolean validBootstrap(String bootstrap, String path, YamlNode node) {
        for (String server : bootstrap.split(",")) {
            var m = HOST_PORT.matcher(server.strip());
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                in.error(path, node.line(), "invalid bootstrap server '" + server.strip() + "' (expected host:port)");
                return false;
            }
        }
        return true;
    }

    /** A cluster's client settings: for every client ({@code role} empty) or for one role's clients. */
    private Map<String, String> properties(YamlNode node, String path, Optional<ClientRole> role) {
        Map<String, String> properties = new LinkedHashMap<>();
        in.mapping(node, path).ifPresent(m -> {
            for (YamlNode.Entry entry : m.entries().values()) {
                String keyPath = PlaybookPaths.child(path, entry.key());
                if (entry.key().equals("bootstrap.servers")) {
                    in.error(keyPath, entry.keyLine(), "set the cluster's 'bootstrap' instead of bootstrap.servers");
                } else if (role.isEmpty() && !knownSettings.isKnown(entry.key())) {
                    in.error(keyPath, entry.keyLine(), "unknown Kafka client setting '" + entry.key()
                            + "' (not a producer, consumer or admin client config)");
                } else if (role.isPresent() && !knownSettings.isKnown(role.get(), entry.key())) {
                    in.error(keyPath, entry.keyLine(), "unknown Kafka " + role.get().key() + " setting '"
                            + entry.key() + "' (" + role.get().key() + " clients have no such config)");
                } else {
                    in.string(entry.value(), keyPath).ifPresent(v -> properties.put(entry.key(), v));
                }
            }
        });
        return properties;
    }

    private Optional<StoreSpec> store(YamlNode node) {
        return in.mapping(node, "store").flatMap(m -> {
            in.rejectUnknownKeys(m, "store", STORE_KEYS);
            Optional<String> user = in.optional(m, "user").flatMap(u -> in.string(u, "store.user"));
            Optional<String> password = in.optional(m, "password").flatMap(p -> in.string(p, "store.password"));
            Optional<String> url = in.optional(m, "jdbc-url").flatMap(u -> in.string(u, "store.jdbc-url"));
            if (url.isPresent() && !url.get().startsWith("jdbc:h2:") && !url.get().startsWith("jdbc:postgresql:")) {
                in.error("store.jdbc-url", m.entries().get("jdbc-url").value().line(),
                        "unsupported store URL (expected jdbc:h2:... or jdbc:postgresql:...)");
                return Optional.empty();
            }
            return Optional.of(new StoreSpec(url.orElse(StoreSpec.DEFAULT_JDBC_URL), user, password));
        });
    }
}
