package dev.tandem.playbook.load;

import dev.tandem.playbook.DrillSpec;
import dev.tandem.playbook.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Binds the playbook's {@code drills:} list, as strictly as the rest: every error names its YAML path. */
final class DrillBinder {

    private static final Set<String> DRILL_KEYS = Set.of("name", "flow", "schedule", "steps", "thresholds");
    private static final Set<String> THRESHOLD_KEYS = Set.of("max-rpo", "max-rto");

    private final NodeReader in;
    private final ScheduleSyntax schedules;

    DrillBinder(NodeReader in, ScheduleSyntax schedules) {
        this.in = in;
        this.schedules = schedules;
    }

    List<DrillSpec> drills(YamlNode node, List<Flow> flows) {
        List<DrillSpec> drills = new ArrayList<>();
        Set<String> names = new HashSet<>();
        in.sequence(node, "drills").ifPresent(seq -> {
            for (int i = 0; i < seq.items().size(); i++) {
                String path = "drills[" + i + "]";
                YamlNode item = seq.items().get(i);
                drill(item, path, flows).ifPresent(d -> {
                    if (names.add(d.name())) {
                        drills.add(d);
                    } else {
                        in.error(path + ".name", item.line(), "duplicate drill name '" + d.name() + "'");
                    }
                });
            }
        });
        return drills;
    }

    private Optional<DrillSpec> drill(YamlNode node, String path, List<Flow> flows) {
        return in.mapping(node, path).flatMap(m -> {
            in.rejectUnknownKeys(m, path, DRILL_KEYS);
            Optional<String> name = in.required(m, path, "name").flatMap(n -> in.string(n, path + ".name"));
            Optional<String> flow = in.required(m, path, "flow").flatMap(n -> in.string(n, path + ".flow")
                    .filter(f -> known(f, flows, path + ".flow", n)));
            Optional<String> schedule = in.optional(m, "schedule").flatMap(n -> in.string(n, path + ".schedule")
                    .filter(c -> validCron(c, path + ".schedule", n)));
            List<DrillSpec.Step> steps = in.required(m, path, "steps").map(n -> steps(n, path + ".steps"))
                    .orElse(List.of());
            Optional<YamlNode.Mapping> thresholds = in.optional(m, "thresholds")
                    .flatMap(n -> in.mapping(n, path + ".thresholds"));
            thresholds.ifPresent(t -> in.rejectUnknownKeys(t, path + ".thresholds", THRESHOLD_KEYS));
            Optional<Duration> maxRpo = thresholds.flatMap(t -> threshold(t, path, "max-rpo"));
            Optional<Duration> maxRto = thresholds.flatMap(t -> threshold(t, path, "max-rto"));
            if (name.isEmpty() || flow.isEmpty() || steps.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new DrillSpec(name.get(), flow.get(), schedule, steps, maxRpo, maxRto));
        });
    }

    private boolean known(String flow, List<Flow> flows, String path, YamlNode node) {
        boolean known = flows.stream().anyMatch(f -> f.name().equals(flow));
        if (!known) {
            in.error(path, node.line(), "unknown flow '" + flow + "' (flows: "
                    + flows.stream().map(Flow::name).collect(Collectors.joining(", ")) + ")");
        }
        return known;
    }

    private boolean validCron(String cron, String path, YamlNode node) {
        Optional<String> problem = schedules.problem(cron);
        problem.ifPresent(why -> in.error(path, node.line(), "invalid Quartz cron expression \"" + cron + "\": " + why
                + " (six or seven fields: seconds minutes hours day-of-month month day-of-week [year])"));
        return problem.isEmpty();
    }

    private List<DrillSpec.Step> steps(YamlNode node, String path) {
        List<DrillSpec.Step> steps = new ArrayList<>();
        for (NodeReader.Located text : in.stringList(node, path)) {
            Optional<DrillSpec.Step> step = DrillSpec.Step.of(text.value());
            if (step.isPresent()) {
                steps.add(step.get());
            } else {
                in.error(text.path(), text.line(), "unknown step '" + text.value() + "' (steps: " + Arrays.stream(
                        DrillSpec.Step.values()).map(DrillSpec.Step::yamlName).collect(Collectors.joining(", ")) + ")");
            }
        }
        if (steps.isEmpty() && in.sequence(node, path).map(s -> s.items().isEmpty()).orElse(false)) {
            in.error(path, node.line(), "no steps");
        }
        return steps;
    }

    private Optional<Duration> threshold(YamlNode.Mapping thresholds, String path, String key) {
        return in.optional(thresholds, key).flatMap(v -> in.duration(v, path + ".thresholds." + key));
    }
}
