package dev.tandem.cli.failover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.time.Durations;
import dev.tandem.cli.output.JsonText;
import dev.tandem.cli.output.TextTable;
import dev.tandem.failover.FailoverRun;
import dev.tandem.failover.GroupOutcome;
import dev.tandem.failover.GroupPlan;
import dev.tandem.failover.PartitionMove;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** A failover or failback run as {@code tandem failover} prints it: plan and result tables, or JSON (schema in the README). */
public final class FailoverReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FailoverReport() {
    }

    public static void printText(FailoverRun run, PrintWriter out) {
        var plan = run.plan();
        out.printf("%s of flow %s: groups move from %s to %s, checkpoints from the %s%s%n", plan.direction().wireName(),
                plan.flow(), plan.from(), plan.to(), plan.checkpointsFrom().describe(),
                run.dryRun() ? " (dry run: nothing is changed)" : "");
        TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "SOURCE-OFFSET", "TARGET-OFFSET", "KIND", "AGE",
                "CURRENT", "LOG-END", "TO-READ", "NOT-ON-TARGET", "ACTION");
        for (GroupPlan group : plan.groups()) {
            for (PartitionMove m : group.moves()) {
                table.row(group.group(), m.target().topic(), m.target().partition(), m.sourceOffset(), text(m.targetOffset()),
                        m.kind().wireName(), Durations.human(Duration.ofMillis(m.checkpointAgeMs())), text(m.currentOffset()),
                        m.log().end(), m.toRead(), m.notOnTarget(), m.action().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        table.print(out);
        for (GroupPlan group : plan.groups()) {
            group.refusals().forEach(r -> out.printf("refused: group %s: %s%n", group.group(), r));
            group.warnings().forEach(w -> out.printf("warning: group %s: %s%n", group.group(), w));
        }
        for (GroupOutcome o : run.outcomes()) {
            out.printf("%s: group %s%s%n", o.result().wireName(), o.group(),
                    o.problem().map(p -> ": " + p).orElse(o.result() == GroupOutcome.Result.MOVED
                            ? " (" + o.committed().size() + " partitions committed and read back)" : ""));
        }
        out.println(switch (run.result()) {
            case DRY_RUN -> "DRY RUN: nothing changed; run again without --dry-run to apply";
            case REFUSED -> "REFUSED: nothing changed (fix the above, or --force where it says so)";
            case NO_OP -> "NOTHING TO DO: every group is already where its checkpoints say";
            case APPLIED -> "DONE: consumers of these groups can start on " + plan.to();
            case PARTIAL -> "PARTIAL: some groups were not moved (see above); run again";
        });
    }

    public static ObjectNode tree(FailoverRun run) {
        var plan = run.plan();
        ObjectNode root = JSON.createObjectNode().put("version", 1).put("runId", run.runId())
                .put("direction", plan.direction().wireName()).put("flow", plan.flow()).put("from", plan.from()).put("to", plan.to())
                .put("checkpointsFrom", plan.checkpointsFrom().describe()).put("operator", run.operator())
                .put("plannedAt", plan.plannedAt().toString()).put("dryRun", run.dryRun()).put("result", run.result().wireName());
        ArrayNode groups = root.putArray("groups");
        for (GroupPlan group : plan.groups()) {
            ObjectNode g = groups.addObject().put("group", group.group());
            Optional<GroupOutcome> outcome = run.outcomes().stream().filter(o -> o.group().equals(group.group()))
                    .findFirst();
            g.put("result", outcome.map(o -> o.result().wireName())
                    .orElse(group.refused() ? GroupOutcome.Result.REFUSED.wireName() : "planned"));
            outcome.flatMap(GroupOutcome::problem).ifPresent(p -> g.put("problem", p));
            group.refusals().forEach(g.putArray("refusals")::add);
            group.warnings().forEach(g.putArray("warnings")::add);
            ArrayNode partitions = g.putArray("partitions");
            for (PartitionMove m : group.moves()) {
                ObjectNode p = partitions.addObject().put("topic", m.target().topic()).put("partition", m.target().partition())
                        .put("sourceTopic", m.sourceTopic()).put("sourceOffset", m.sourceOffset());
                JsonText.put(p, "targetOffset", m.targetOffset());
                p.put("kind", m.kind().wireName()).put("checkpointAgeMs", m.checkpointAgeMs());
                JsonText.put(p, "currentOffset", m.currentOffset());
                p.put("logStart", m.log().start()).put("logEnd", m.log().end()).put("toRead", m.toRead())
                        .put("reread", m.reread()).put("notOnTarget", m.notOnTarget())
                        .put("action", m.action().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return root;
    }

    static String json(FailoverRun run, boolean pretty) {
        return pretty ? JsonText.pretty(tree(run)) : tree(run).toString();
    }

    private static String text(OptionalLong value) {
        return value.isPresent() ? String.valueOf(value.getAsLong()) : "-";
    }
}
