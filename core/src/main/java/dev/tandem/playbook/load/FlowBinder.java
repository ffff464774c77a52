package dev.tandem.playbook.load;

import dev.tandem.playbook.AclSync;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.FlowStart;
import dev.tandem.playbook.NameFilter;
import dev.tandem.playbook.Naming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** Binds the playbook's {@code flows:} list, as strictly as the rest: every error names its YAML path. */
final class FlowBinder {

    private static final Set<String> FLOW_KEYS = Set.of("name", "source", "target", "topics", "naming",
            "groups", "replication-factor", "topic-refresh", "checkpoint-interval", "sync-group-offsets",
            "delivery", "commit-interval", "prefix-separator", "start", "max-bytes-per-second",
            "sync-acls");
    private static final Set<String> FILTER_KEYS = Set.of("include", "exclude");
    private static final Pattern FLOW_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final NodeReader in;
    /** Every alias under clusters, valid or not: a flow naming an invalid cluster is not a second error. */
    private final Set<String> declaredAliases;

    FlowBinder(NodeReader in, Set<String> declaredAliases) {
        this.in = in;
        this.declaredAliases = declaredAliases;
    }

    List<Flow> flows(YamlNode node, Map<String, ClusterSpec> clusters) {
        List<Flow> flows = new ArrayList<>();
        Map<String, Integer> firstLineOfName = new HashMap<>();
        in.sequence(node, "flows").ifPresent(seq -> {
            if (seq.items().isEmpty()) {
                in.error("flows", seq.line(), "no flows defined");
            }
            for (int i = 0; i < seq.items().size(); i++) {
                String path = PlaybookPaths.item("flows", i);
                YamlNode item = seq.items().get(i);
                flow(item, path, clusters).ifPresent(flow -> {
                    int line = ((YamlNode.Mapping) item).entries().get("name").value().line();
                    Integer earlier = firstLineOfName.putIfAbsent(flow.name(), line);
                    if (earlier != null) {
                        in.error(path + ".name", line,
                                "duplicate flow name '" + flow.name() + "' (first used on line " + earlier + ")");
                    } else {
                        flows.add(flow);
                    }
                });
            }
        });
        return flows;
    }

    private Optional<Flow> flow(YamlNode node, String path, Map<String, ClusterSpec> clusters) {
        return in.mapping(node, path).flatMap(m -> {
            in.rejectUnknownKeys(m, path, FLOW_KEYS);
            Optional<String> name = in.required(m, path, "name").flatMap(n -> in.string(n, path + ".name"))
                    .filter(n -> in.check(FLOW_NAME.matcher(n).matches(), path + ".name", m, "name",
                            "invalid flow name '" + n + "' (letters, digits, '.', '_' and '-')"));
            Optional<String> source = clusterRef(m, path, "source", clusters);
            Optional<String> target = clusterRef(m, path, "target", clusters);
            if (source.isPresent() && source.equals(target)) {
                in.error(path + ".target", m.entries().get("target").keyLine(), "source and target are both '"
                        + source.get() + "'; a flow must copy between two different clusters");
                return Optional.empty();
            }
            Optional<NameFilter> topics = filter(m, path, "topics", true);
            Optional<NameFilter> groups = filter(m, path, "groups", false);
            Optional<Naming.Kind> kind = in.optional(m, "naming").map(n -> naming(n, path + ".naming"))
                    .orElse(Optional.of(Naming.Kind.PREFIX));
            Optional<Naming> naming = kind.flatMap(k -> separator(m, path, k).map(s -> new Naming(k, s)));
            OptionalInt rf = in.optional(m, "replication-factor")
                    .flatMap(n -> in.positiveInt(n, path + ".replication-factor"))
                    .map(OptionalInt::of).orElse(OptionalInt.empty());
            Duration refresh = in.optional(m, "topic-refresh").flatMap(n -> in.duration(n, path + ".topic-refresh"))
                    .orElse(Flow.DEFAULT_TOPIC_REFRESH);
            Duration interval = in.optional(m, "checkpoint-interval")
                    .flatMap(n -> in.duration(n, path + ".checkpoint-interval"))
                    .orElse(Flow.DEFAULT_CHECKPOINT_INTERVAL);
            boolean sync = in.optional(m, "sync-group-offsets")
                    .flatMap(n -> in.bool(n, path + ".sync-group-offsets")).orElse(false);
            Optional<DeliveryGuarantee> delivery = in.optional(m, "delivery").map(n -> delivery(n, path + ".delivery"))
                    .orElse(Optional.of(DeliveryGuarantee.AT_LEAST_ONCE));
            Optional<Duration> commitInterval = in.optional(m, "commit-interval")
                    .flatMap(n -> in.duration(n, path + ".commit-interval"));
            if (commitInterval.isPresent() && delivery.equals(Optional.of(DeliveryGuarantee.EXACTLY_ONCE))
                    && commitInterval.get().compareTo(Flow.MAX_TRANSACTION) > 0) {
                YamlNode.Scalar text = (YamlNode.Scalar) m.entries().get("commit-interval").value();
                in.error(path + ".commit-interval", text.line(), "commit-interval " + text.text()
                        + " is too long for exactly-once delivery (at most " + Flow.MAX_TRANSACTION.toSeconds()
                        + "s: each commit ends a transaction, which must end well within the producer's"
                        + " transaction.timeout.ms of 60s)");
                return Optional.empty();
            }
            Optional<FlowStart> start = in.optional(m, "start").map(n -> start(n, path + ".start"))
                    .orElse(Optional.of(FlowStart.EARLIEST));
            Optional<OptionalLong> rate = in.optional(m, "max-bytes-per-second")
                    .map(n -> byteRate(n, path + ".max-bytes-per-second").map(OptionalLong::of))
                    .orElse(Optional.of(OptionalLong.empty()));
            Optional<AclSync> acls = in.optional(m, "sync-acls").map(n -> aclSync(n, path + ".sync-acls"))
                    .orElse(Optional.of(AclSync.OFF));
            if (name.isEmpty() || source.isEmpty() || target.isEmpty() || topics.isEmpty() || groups.isEmpty()
                    || naming.isEmpty() || delivery.isEmpty() || start.isEmpty() || rate.isEmpty() || acls.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Flow(name.get(), source.get(), target.get(), topics.get(), naming.get(),
                    groups.get(), rf, refresh, interval, sync, delivery.get(), commitInterval, start.get(), rate.get(),
                    acls.get()));
        });
    }

    private Optional<String> clusterRef(YamlNode.Mapping m, String path, String key, Map<String, ClusterSpec> clusters) {
        String refPath = path + "." + key;
        return in.required(m, path, key).flatMap(n -> in.string(n, refPath))
                .filter(alias -> in.check(clusters.containsKey(alias) || declaredAliases.contains(alias), refPath, m, key,
                        "unknown cluster '" + alias + "' (known: " + String.join(", ", clusters.keySet()) + ")"))
                .filter(alias -> clusters.containsKey(alias));
    }

    private Optional<Naming.Kind> naming(YamlNode node, String path) {
        return in.string(node, path).flatMap(text -> {
            Optional<Naming.Kind> naming = Arrays.stream(Naming.Kind.values()).filter(n -> n.yamlName().equals(text))
                    .findFirst();
            if (naming.isEmpty()) {
                in.error(path, node.line(), "invalid naming '" + text + "' (expected one of: " + Arrays.stream(
                        Naming.Kind.values()).map(Naming.Kind::yamlName).collect(Collectors.joining(", ")) + ")");
            }
            return naming;
        });
    }

    /** The prefix separator: only with prefix naming, made of the characters of a topic name. */
    private Optional<String> separator(YamlNode.Mapping m, String flowPath, Naming.Kind kind) {
        String path = flowPath + ".prefix-separator";
        Optional<YamlNode> node = in.optional(m, "prefix-separator");
        if (node.isEmpty()) {
            return Optional.of(Naming.DEFAULT_SEPARATOR);
        }
        return in.string(node.get(), path).filter(text -> {
            if (kind != Naming.Kind.PREFIX) {
                in.error(path, node.get().line(), "prefix-separator needs naming: prefix (identity naming adds no prefix)");
                return false;
            }
            return in.check(Naming.SEPARATOR.matcher(text).matches(), path, m, "prefix-separator", "invalid prefix-separator '"
                    + text + "' (1-16 of the characters a topic name may have: letters, digits, '.', '_' and '-')");
        });
    }

    private Optional<DeliveryGuarantee> delivery(YamlNode node, String path) {
        return oneOf(node, path, "delivery", DeliveryGuarantee::of,
                Arrays.stream(DeliveryGuarantee.values()).map(DeliveryGuarantee::yamlName).toList());
    }

    private Optional<AclSync> aclSync(YamlNode node, String path) {
        return oneOf(node, path, "sync-acls", AclSync::of, Arrays.stream(AclSync.values()).map(AclSync::yamlName).toList());
    }

    /** A value that must be one of {@code names}: an error naming the key and the names otherwise. */
    private <T> Optional<T> oneOf(YamlNode node, String path, String key,
                                  java.util.function.Function<String, Optional<T>> of, List<String> names) {
        return in.string(node, path).flatMap(text -> {
            Optional<T> value = of.apply(text);
            if (value.isEmpty()) {
                in.error(path, node.line(), "invalid " + key + " '" + text + "' (expected one of: "
                        + String.join(", ", names) + ")");
            }
            return value;
        });
    }

    private Optional<Long> byteRate(YamlNode node, String path) {
        return in.string(node, path).flatMap(text -> {
            Optional<Long> bytes = ByteSizeText.parse(text).filter(b -> b >= ByteSizeText.MIN_RATE);
            if (bytes.isEmpty()) {
                in.error(path, node.line(), "invalid max-bytes-per-second '" + text + "' (expected " + ByteSizeText.EXPECTED
                        + ", at least 1KiB)");
            }
            return bytes;
        });
    }

    private Optional<FlowStart> start(YamlNode node, String path) {
        return in.string(node, path).flatMap(text -> {
            Optional<FlowStart> start = FlowStart.of(text);
            if (start.isEmpty()) {
                in.error(path, node.line(), "invalid start '" + text + "' (expected " + FlowStart.expected() + ")");
            }
            return start;
        });
    }

    /** A name filter; {@code topics} is required, {@code groups} defaults to every group. */
    private Optional<NameFilter> filter(YamlNode.Mapping flow, String flowPath, String key, boolean required) {
        String path = flowPath + "." + key;
        Optional<YamlNode> node = required ? in.required(flow, flowPath, key) : in.optional(flow, key);
        if (node.isEmpty()) {
            return required ? Optional.empty() : Optional.of(NameFilter.all());
        }
        return in.mapping(node.get(), path).flatMap(m -> {
            in.rejectUnknownKeys(m, path, FILTER_KEYS);
            int errorsBefore = in.errorCount();
            List<Pattern> include = in.required(m, path, "include")
                    .map(n -> patterns(n, path + ".include")).orElse(List.of());
            List<Pattern> exclude = in.optional(m, "exclude").map(n -> patterns(n, path + ".exclude")).orElse(List.of());
            return in.errorCount() == errorsBefore ? Optional.of(new NameFilter(include, exclude)) : Optional.empty();
        });
    }

    private List<Pattern> patterns(YamlNode node, String path) {
        List<Pattern> patterns = new ArrayList<>();
        for (NodeReader.Located text : in.stringList(node, path)) {
            try {
                patterns.add(Pattern.compile(text.value()));
            } catch (PatternSyntaxException e) {
                in.error(text.path(), text.line(), "invalid regex \"" + text.value() + "\": " + e.getDescription()
                        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            }
        }
        return patterns;
    }
}
