package dev.tandem.mirrormaker2.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.tandem.playbook.ClientRole;
import dev.tandem.playbook.FlowStart;
import dev.tandem.playbook.load.InvalidPlaybookException;
import dev.tandem.playbook.load.KnownClientSettings;
import dev.tandem.playbook.load.PlaybookError;
import dev.tandem.secrets.SecretMasking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MirrorMaker 2 (dedicated mode) properties file made into a playbook, following MirrorMaker 2's own
 * reading of it (MirrorMakerConfig): clusters and their client settings, every enabled {@code A->B} as a
 * flow {@code A-to-B} with its selection, naming and intervals, MirrorMaker 2's defaults written out where
 * they differ from Tandem's; every setting with no place in a playbook is told with the reason, settings
 * MirrorMaker 2 does not know are told as probable typos, and secrets become {@code ${env:NAME}}.
 * Pure: text in, text and remarks out.
 */
public final class Mm2Import {

    /** What was said about one setting: not carried over, a probable typo, or a note. */
    public record Remark(Kind kind, int line, String key, String text) {
        public enum Kind { NOT_CARRIED_OVER, TYPO, NOTE }
    }

    /** An environment variable the playbook reads a secret from: what it must hold, and where that was. */
    public record SecretVariable(String name, String key, int line, String why) {
    }

    /** The playbook's text and what the import has to say about it. */
    public record Imported(String playbook, List<Remark> remarks, List<SecretVariable> variables, int clusters,
                           int flows) {
    }

    // MirrorMaker 2 4.3.1's defaults (MirrorSourceConfig, MirrorCheckpointConfig).
    static final List<String> TOPICS_DEFAULT = List.of(".*");
    static final List<String> TOPICS_EXCLUDE_DEFAULT = List.of("mm2.*\\.internal", ".*\\.replica", "__.*");
    static final List<String> GROUPS_DEFAULT = List.of(".*");
    static final List<String> GROUPS_EXCLUDE_DEFAULT = List.of("console-consumer-.*", "connect-.*", "__.*");
    static final int REPLICATION_FACTOR_DEFAULT = 2;
    static final String DEFAULT_POLICY = "org.apache.kafka.connect.mirror.DefaultReplicationPolicy";
    static final String IDENTITY_POLICY = "org.apache.kafka.connect.mirror.IdentityReplicationPolicy";

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern FLOW_KEY = Pattern.compile("([^.]+?)->([^.]+?)\\.(.+)");
    /** Kafka's ConfigTransformer pattern: ${provider:[path:]key}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*?):(([^}]*?):)?([^}]*?)}");
    private static final List<String> FOLLOWED_PROVIDERS = List.of(".FileConfigProvider",
            ".DirectoryConfigProvider", ".EnvVarConfigProvider");
    private static final Set<String> FLOW_SETTINGS = Set.of("enabled", "topics", "topics.exclude", "groups",
            "groups.exclude", "replication.factor", "replication.policy.class", "replication.policy.separator",
            "sync.group.offsets.enabled", "emit.checkpoints.interval.seconds", "refresh.topics.interval.seconds");

    private final String fileName;
    private final KnownClientSettings clientSettings = new KnownClientSettings();
    private final Map<String, Mm2Entry> settings = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final List<PlaybookError> errors = new ArrayList<>();
    private final List<Remark> remarks = new ArrayList<>();
    private final Map<String, SecretVariable> variables = new LinkedHashMap<>();
    private final Map<String, String> providers = new HashMap<>();
    private List<String> aliases = List.of();

    private final FlowStart start;

    private Mm2Import(String fileName, FlowStart start) {
        this.fileName = fileName;
        this.start = start;
    }

    /**
     * @throws InvalidPlaybookException every reason the file is not a working MirrorMaker 2 configuration
     *                                  (no clusters, a cluster without bootstrap servers, a flow naming an
     *                                  unknown cluster, no enabled flow, a value of the wrong type), with lines
     * @param start where the flows start partitions they have no progress of: after MirrorMaker 2's
     *              last copy (a takeover, written as {@code start: from-mirrormaker2}), or their first record
     */
    public static Imported convert(String text, String fileName, String header, FlowStart start) {
        return new Mm2Import(fileName, start).run(text, header);
    }

    private Imported run(String text, String header) {
        List<Mm2Entry> entries = Mm2Properties.parse(text, fileName);
        Map<String, Integer> firstLine = new HashMap<>();
        for (Mm2Entry entry : entries) {
            Integer earlier = firstLine.putIfAbsent(entry.key(), entry.line());
            if (earlier != null) {
                remarks.add(new Remark(Remark.Kind.NOTE, earlier, entry.key(), "set again on line " + entry.line()
                        + "; the later value counts, for MirrorMaker 2 and here"));
            }
            settings.put(entry.key(), entry);
        }
        readProviders();
        List<Pair> flows = clustersAndFlows();
        if (!errors.isEmpty()) {
            throw invalid();
        }
        StringBuilder yaml = new StringBuilder("version: 1\n\nclusters:\n");
        for (String alias : aliases) {
            cluster(alias, yaml);
        }
        yaml.append("\nflows:\n");
        for (Pair pair : flows) {
            flow(pair, yaml);
        }
        if (!errors.isEmpty()) {
            throw invalid();
        }
        classifyTheRest();
        remarks.add(new Remark(Remark.Kind.NOTE, 0, "positions", start.kind() == FlowStart.Kind.FROM_MIRRORMAKER2
                ? "the flows take over from MirrorMaker 2 (start: from-mirrormaker2): stop it before tandem replicate,"
                + " which continues each partition after the last record MirrorMaker 2 copied, and refuses while"
                + " MirrorMaker 2 runs (see 'Coming from MirrorMaker 2' in the README)"
                : "the flows copy every partition from its first record (--start earliest): replicas MirrorMaker 2"
                + " filled would get a second copy"));
        remarks.sort(Comparator.comparingInt(Remark::line).thenComparing(Remark::key));
        return new Imported(comments(header) + yaml, List.copyOf(remarks), List.copyOf(variables.values()),
                aliases.size(), flows.size());
    }

    private InvalidPlaybookException invalid() {
        errors.sort(Comparator.comparingInt(PlaybookError::line));
        return new InvalidPlaybookException(fileName, errors);
    }

    private record Pair(String source, String target) {
        String prefix() {
            return source + "->" + target + ".";
        }
    }

    private void readProviders() {
        Mm2Entry list = settings.get("config.providers");
        if (list != null) {
            boolean allFollowed = true;
            for (String name : list(list.value())) {
                Mm2Entry cls = settings.get("config.providers." + name + ".class");
                if (cls != null) {
                    providers.put(name, cls.value().trim());
                    if (FOLLOWED_PROVIDERS.stream().anyMatch(p -> cls.value().trim().endsWith(p))) {
                        used.add(cls.key());
                    } else {
                        allFollowed = false;
                    }
                }
            }
            if (allFollowed) {
                used.add(list.key());
            }
        }
    }

    private List<Pair> clustersAndFlows() {
        Mm2Entry clusters = settings.get("clusters");
        if (clusters == null) {
            errors.add(new PlaybookError("", 0, "no 'clusters': a MirrorMaker 2 configuration lists its cluster"
                    + " aliases (clusters = A, B)"));
            return List.of();
        }
        used.add("clusters");
        aliases = list(clusters.value());
        if (aliases.size() < 2) {
            errors.add(new PlaybookError("", clusters.line(), "clusters: MirrorMaker 2 needs at least two cluster"
                    + " aliases, found " + aliases.size()));
        }
        for (String alias : aliases) {
            if (!ALIAS.matcher(alias).matches()) {
                errors.add(new PlaybookError("", clusters.line(), "clusters: alias '" + alias + "' cannot name a"
                        + " Tandem cluster (letters, digits, '_' and '-', no dots)"));
            } else if (!settings.containsKey(alias + ".bootstrap.servers")) {
                errors.add(new PlaybookError("", clusters.line(), "clusters: cluster '" + alias + "' has no "
                        + alias + ".bootstrap.servers"));
            }
        }
        for (Mm2Entry entry : settings.values()) {
            Matcher flowKey = FLOW_KEY.matcher(entry.key());
            if (flowKey.matches()) {
                for (String alias : List.of(flowKey.group(1), flowKey.group(2))) {
                    if (!aliases.contains(alias)) {
                        errors.add(new PlaybookError("", entry.line(), entry.key() + ": names cluster '" + alias
                                + "', which is not in clusters (line " + clusters.line() + ": "
                                + String.join(", ", aliases) + ")"));
                    }
                }
                if (flowKey.group(1).equals(flowKey.group(2))) {
                    errors.add(new PlaybookError("", entry.line(), entry.key() + ": a flow from cluster '"
                            + flowKey.group(1) + "' to itself"));
                }
            }
        }
        List<Pair> flows = new ArrayList<>();
        for (String source : aliases) {
            for (String target : aliases) {
                Mm2Entry enabled = settings.get(source + "->" + target + ".enabled");
                if (!source.equals(target) && enabled != null && bool(enabled).orElse(false)) {
                    used.add(enabled.key());
                    flows.add(new Pair(source, target));
                }
            }
        }
        if (flows.isEmpty() && errors.isEmpty()) {
            errors.add(new PlaybookError("", 0, "no flow is enabled: MirrorMaker 2 copies from A to B only with"
                    + " A->B.enabled = true"));
        }
        return flows;
    }

    private void cluster(String alias, StringBuilder yaml) {
        String prefix = alias + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        Map<ClientRole, Map<String, String>> roles = new LinkedHashMap<>();
        String bootstrap = String.join(",", list(settings.get(prefix + "bootstrap.servers").value()));
        used.add(prefix + "bootstrap.servers");
        for (Mm2Entry entry : settings.values()) {
            if (!entry.key().startsWith(prefix)) {
                continue;
            }
            String name = entry.key().substring(prefix.length());
            Optional<ClientRole> role = roleOf(name);
            if (role.isPresent()) {
                String setting = name.substring(role.get().key().length() + 1);
                if (clientSettings.isKnown(role.get(), setting)) {
                    used.add(entry.key());
                    roles.computeIfAbsent(role.get(), r -> new LinkedHashMap<>()).put(setting, value(entry, setting,
                            alias + "_" + role.get().key() + "_" + setting));
                }
            } else if (isSecuritySetting(name)) {
                used.add(entry.key());
                properties.put(name, value(entry, name, alias + "_" + name));
            }
        }
        for (Mm2Entry entry : settings.values()) {
            if (isSecuritySetting(entry.key())) {
                used.add(entry.key());
                properties.putIfAbsent(entry.key(), value(entry, entry.key(), entry.key()));
            }
        }
        yaml.append("  ").append(alias).append(":\n    bootstrap: ").append(quoted(bootstrap)).append('\n');
        map(yaml, "properties", properties);
        roles.forEach((role, settingsOfRole) -> map(yaml, role.key(), settingsOfRole));
    }

    /** The client settings MirrorMaker 2 gives every client of a cluster, from A.* and from the top level. */
    private boolean isSecuritySetting(String name) {
        return (name.equals("security.protocol") || name.startsWith("ssl.") || name.startsWith("sasl."))
                && clientSettings.isKnown(name);
    }

    private static void map(StringBuilder yaml, String key, Map<String, String> values) {
        if (!values.isEmpty()) {
            yaml.append("    ").append(key).append(":\n");
            values.forEach((k, v) -> yaml.append("      ").append(k).append(": ").append(quoted(v)).append('\n'));
        }
    }

    private void flow(Pair pair, StringBuilder yaml) {
        String name = pair.source() + "-to-" + pair.target();
        yaml.append("  - name: ").append(name).append("\n    source: ").append(pair.source())
                .append("\n    target: ").append(pair.target()).append('\n');
        Optional<Mm2Entry> policy = setting(pair, "replication.policy.class");
        String policyClass = policy.map(e -> e.value().trim()).orElse(DEFAULT_POLICY);
        Optional<Mm2Entry> separator = setting(pair, "replication.policy.separator");
        List<String> excluded = new ArrayList<>(listSetting(pair, "topics.exclude", TOPICS_EXCLUDE_DEFAULT));
        internalTopics(separator.map(Mm2Entry::value).orElse(".")).stream().filter(p -> !excluded.contains(p))
                .forEach(excluded::add);
        yaml.append("    topics:\n      include: ").append(regexes(listSetting(pair, "topics", TOPICS_DEFAULT)))
                .append("\n      exclude: ").append(regexes(excluded)).append('\n');
        if (policyClass.equals(IDENTITY_POLICY) || policyClass.equals("IdentityReplicationPolicy")) {
            yaml.append("    naming: identity\n");
        } else {
            if (!policyClass.equals(DEFAULT_POLICY) && !policyClass.equals("DefaultReplicationPolicy")) {
                Mm2Entry entry = policy.get();
                remarks.add(new Remark(Remark.Kind.NOT_CARRIED_OVER, entry.line(), entry.key(), "a custom replication"
                        + " policy: flow " + name + " uses prefix naming (orders -> " + pair.source()
                        + separator.map(Mm2Entry::value).orElse(".") + "orders); check that it names replicas as the"
                        + " policy did"));
            }
            yaml.append("    naming: prefix\n");
            separator.map(Mm2Entry::value).filter(s -> !s.equals(".")).ifPresent(s -> {
                if (dev.tandem.playbook.Naming.SEPARATOR.matcher(s).matches()) {
                    yaml.append("    prefix-separator: ").append(quoted(s)).append('\n');
                } else {
                    errors.add(new PlaybookError("", separator.get().line(), separator.get().key() + ": separator '"
                            + s + "' has characters a topic name cannot have"));
                }
            });
        }
        yaml.append("    groups:\n      include: ").append(regexes(listSetting(pair, "groups", GROUPS_DEFAULT)))
                .append("\n      exclude: ").append(regexes(listSetting(pair, "groups.exclude", GROUPS_EXCLUDE_DEFAULT)))
                .append('\n');
        long replicationFactor = setting(pair, "replication.factor").flatMap(this::number)
                .orElse((long) REPLICATION_FACTOR_DEFAULT);
        if (replicationFactor > 0) {
            yaml.append("    replication-factor: ").append(replicationFactor).append('\n');
        }
        seconds(pair, "refresh.topics.interval.seconds").ifPresent(s -> yaml.append("    topic-refresh: ")
                .append(s).append("s\n"));
        seconds(pair, "emit.checkpoints.interval.seconds").ifPresent(s -> yaml.append("    checkpoint-interval: ")
                .append(s).append("s\n"));
        if (setting(pair, "sync.group.offsets.enabled").flatMap(this::bool).orElse(false)) {
            yaml.append("    sync-group-offsets: true\n");
        }
        Mm2Entry exactlyOnce = settings.get(pair.target() + ".exactly.once.source.support");
        if (exactlyOnce != null) {
            used.add(exactlyOnce.key());
            if (exactlyOnce.value().trim().equalsIgnoreCase("enabled")) {
                yaml.append("    delivery: exactly-once\n");
            } else {
                remarks.add(new Remark(Remark.Kind.NOTE, exactlyOnce.line(), exactlyOnce.key(), "'"
                        + exactlyOnce.value().trim() + "' is not 'enabled': flow " + name + " is at-least-once"));
            }
        }
        if (start.kind() == FlowStart.Kind.FROM_MIRRORMAKER2) {
            yaml.append("    start: ").append(start.yamlName()).append('\n');
        }
        Optional<Mm2Entry> acls = setting(pair, "sync.topic.acls.enabled");
        if (acls.isEmpty()) {
            // Not written: a playbook that needs an authorizer on both clusters must say so itself.
            remarks.add(new Remark(Remark.Kind.NOTE, 0, "sync.topic.acls.enabled", "flow " + name + ": MirrorMaker 2"
                    + " copies topic ACLs by default; add sync-acls: read to the flow for Tandem to copy them (it needs"
                    + " an authorizer on both clusters and ALTER on CLUSTER on " + pair.target() + ")"));
        } else if (bool(acls.get()).orElse(false)) {
            yaml.append("    sync-acls: read\n");
            remarks.add(new Remark(Remark.Kind.NOTE, acls.get().line(), acls.get().key(), "flow " + name
                    + ": sync-acls: read copies more than MirrorMaker 2 (prefixed topic ACLs, group ACLs, deny entries;"
                    + " see the README) and needs ALTER on CLUSTER on " + pair.target()));
        }
    }

    /**
     * The topics MirrorMaker 2's replication policies never copy whatever its filters say
     * (DefaultReplicationPolicy.isInternalTopic): Connect's {@code -internal}/{@code .internal} topics,
     * its own ending in the separator and {@code internal}, and names starting with {@code .} or {@code __}.
     */
    static List<String> internalTopics(String separator) {
        List<String> patterns = new ArrayList<>(List.of(".*[-.]internal", "\\..*", "__.*"));
        if (!separator.equals(".")) {
            patterns.add(".*" + separator.replace(".", "\\.") + "internal");
        }
        return patterns;
    }

    private Optional<Long> seconds(Pair pair, String key) {
        return setting(pair, key).flatMap(entry -> number(entry).filter(n -> {
            if (n <= 0) {
                remarks.add(new Remark(Remark.Kind.NOT_CARRIED_OVER, entry.line(), entry.key(), n + " turns this off"
                        + " in MirrorMaker 2; Tandem always does it (the flow keeps Tandem's default interval)"));
            }
            return n > 0;
        }));
    }

    /** The flow's own {@code A->B.key}, else the top-level {@code key}; both count as read. */
    private Optional<Mm2Entry> setting(Pair pair, String key) {
        Mm2Entry own = settings.get(pair.prefix() + key);
        Mm2Entry top = settings.get(key);
        if (top != null) {
            used.add(key);
        }
        if (own != null) {
            used.add(own.key());
            return Optional.of(own);
        }
        return Optional.ofNullable(top);
    }

    private List<String> listSetting(Pair pair, String key, List<String> defaults) {
        return setting(pair, key).map(e -> list(e.value())).orElse(defaults);
    }

    private Optional<Long> number(Mm2Entry entry) {
        try {
            return Optional.of(Long.parseLong(entry.value().trim()));
        } catch (NumberFormatException e) {
            errors.add(new PlaybookError("", entry.line(), entry.key() + ": expected a whole number, found '"
                    + entry.value().trim() + "'"));
            return Optional.empty();
        }
    }

    private Optional<Boolean> bool(Mm2Entry entry) {
        String text = entry.value().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Optional.of(text.equals("true"));
        }
        errors.add(new PlaybookError("", entry.line(), entry.key() + ": expected true or false, found '"
                + entry.value().trim() + "'"));
        return Optional.empty();
    }

    /**
     * A value for the playbook: references through Kafka's file, directory and environment providers become
     * Tandem's; a secret written in the file, or a reference Tandem cannot follow, becomes {@code ${env:NAME}}.
     */
    private String value(Mm2Entry entry, String setting, String variableBase) {
        String value = entry.value().trim();
        if (value.contains("${")) {
            Matcher reference = REFERENCE.matcher(value);
            StringBuilder converted = new StringBuilder();
            while (reference.find()) {
                String provider = providers.getOrDefault(reference.group(1), "");
                String path = reference.group(3);
                String key = reference.group(4);
                String replacement;
                if (provider.endsWith(".FileConfigProvider") && path != null) {
                    replacement = "${file:" + path + ":" + key + "}";
                } else if (provider.endsWith(".DirectoryConfigProvider") && path != null) {
                    replacement = "${file:" + path + "/" + key + "}";
                } else if (provider.endsWith(".EnvVarConfigProvider")) {
                    replacement = "${env:" + key + "}";
                } else {
                    return variable(entry, variableBase, "a reference through config provider '" + reference.group(1)
                            + "'" + (provider.isEmpty() ? " (not in config.providers)" : " (" + provider + ")")
                            + ", which Tandem cannot follow: set it to the value");
                }
                reference.appendReplacement(converted, Matcher.quoteReplacement(replacement));
            }
            reference.appendTail(converted);
            return converted.toString();
        }
        if (SecretMasking.isSecretKey(setting) && !value.isEmpty()) {
            return variable(entry, variableBase, "a secret written in the file: set it to that value");
        }
        return value;
    }

    private String variable(Mm2Entry entry, String base, String why) {
        String name = base.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        if (!Character.isLetter(name.charAt(0))) {
            name = "MM2_" + name;
        }
        variables.putIfAbsent(name, new SecretVariable(name, entry.key(), entry.line(), why));
        return "${env:" + name + "}";
    }

    /** Every setting not read above: without a Tandem equivalent (with the reason), or unknown to MirrorMaker 2. */
    private void classifyTheRest() {
        for (Mm2Entry entry : settings.values()) {
            if (used.contains(entry.key())) {
                continue;
            }
            String key = entry.key();
            Matcher flowKey = FLOW_KEY.matcher(key);
            if (flowKey.matches()) {
                String name = flowKey.group(3);
                boolean enabled = Optional.ofNullable(settings.get(flowKey.group(1) + "->" + flowKey.group(2)
                        + ".enabled")).map(e -> e.value().trim().equalsIgnoreCase("true")).orElse(false);
                if (!enabled && (Mm2ConfigNames.scopeOf(name).isPresent() || FLOW_SETTINGS.contains(name))) {
                    notCarried(entry, "flow " + flowKey.group(1) + "->" + flowKey.group(2) + " is not enabled");
                } else if (Mm2ConfigNames.scopeOf(name).isPresent()) {
                    notCarried(entry, NotCarriedOver.reasonFor(name));
                } else if (roleOf(name).isPresent()) {
                    notCarried(entry, "client settings of one flow: Tandem sets them per cluster (clusters."
                            + flowKey.group(2) + ".producer, clusters." + flowKey.group(1) + ".consumer)");
                } else {
                    typo(entry);
                }
            } else if (aliasOf(key).isPresent()) {
                String alias = aliasOf(key).get();
                String name = key.substring(alias.length() + 1);
                Optional<ClientRole> role = roleOf(name);
                if (role.isPresent()) {
                    remarks.add(new Remark(Remark.Kind.TYPO, entry.line(), entry.key(), "not a " + role.get().key()
                            + " setting (a typo?)"));
                } else if (!clientSettings.isKnown(name) && Mm2ConfigNames.scopeOf(name).isEmpty()) {
                    typo(entry);
                } else if (clientSettings.isKnown(name)) {
                    notCarried(entry, "MirrorMaker 2 gives only security settings (security.protocol, ssl.*, sasl.*)"
                            + " from " + alias + ".* to its clients, so this one reached only its Connect worker;"
                            + " to give it to Tandem's clients, set it in clusters." + alias + ".properties");
                } else {
                    notCarried(entry, NotCarriedOver.reasonFor(name));
                }
            } else if (Mm2ConfigNames.scopeOf(key).isPresent() || key.startsWith("config.providers.")
                    || key.startsWith("replication.policy.") || key.startsWith("offset.storage.")
                    || key.startsWith("config.storage.") || key.startsWith("status.storage.")) {
                notCarried(entry, NotCarriedOver.reasonFor(key));
            } else if (clientSettings.isKnown(key)) {
                notCarried(entry, "MirrorMaker 2 takes only security settings from the top level, and ignores this"
                        + " one; to use it, set it per cluster (clusters.A.properties)");
            } else {
                typo(entry);
            }
        }
    }

    /** The client a {@code producer.*}, {@code consumer.*} or {@code admin.*} setting is for. */
    private static Optional<ClientRole> roleOf(String name) {
        return Arrays.stream(ClientRole.values()).filter(r -> name.startsWith(r.key() + ".")).findFirst();
    }

    private Optional<String> aliasOf(String key) {
        return aliases.stream().filter(a -> key.startsWith(a + ".")).findFirst();
    }

    private void notCarried(Mm2Entry entry, String reason) {
        remarks.add(new Remark(Remark.Kind.NOT_CARRIED_OVER, entry.line(), entry.key(), reason));
    }

    private void typo(Mm2Entry entry) {
        remarks.add(new Remark(Remark.Kind.TYPO, entry.line(), entry.key(), "MirrorMaker 2 does not know this setting"
                + " either (a typo?)"));
    }

    private String comments(String header) {
        StringBuilder text = new StringBuilder();
        header.lines().forEach(line -> text.append("# ").append(line).append('\n'));
        text.append("# Topics and groups: MirrorMaker 2's selection, its defaults written out, and the topics its\n")
                .append("# replication policy never copies (internal ones); intervals it did not set are Tandem's\n")
                .append("# (checkpoints every 5s, new topics every 30s).\n");
        section(text, "Not carried over", Remark.Kind.NOT_CARRIED_OVER);
        section(text, "Probable typos", Remark.Kind.TYPO);
        section(text, "Notes", Remark.Kind.NOTE);
        if (!variables.isEmpty()) {
            text.append("#\n# Secrets are read from the environment; set these before using this playbook:\n");
            variables.values().forEach(v -> text.append("#   ").append(v.name()).append(": ").append(v.key())
                    .append(" (line ").append(v.line()).append("), ").append(v.why()).append('\n'));
        }
        return text.append('\n').toString();
    }

    private void section(StringBuilder text, String title, Remark.Kind kind) {
        List<Remark> of = remarks.stream().filter(r -> r.kind() == kind).toList();
        if (!of.isEmpty()) {
            text.append("#\n# ").append(title).append(":\n");
            of.forEach(r -> text.append("#   ").append(r.line() > 0 ? "line " + r.line() + ": " : "")
                    .append(r.key()).append(": ").append(r.text()).append('\n'));
        }
    }

    /** MirrorMaker 2's list type: comma-separated, each item trimmed, empty items dropped. */
    static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String regexes(List<String> patterns) {
        return "[" + String.join(", ", patterns.stream().map(Mm2Import::quoted).toList()) + "]";
    }

    /** A YAML double-quoted scalar: JSON's string escapes (Jackson's) are YAML's. */
    static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
