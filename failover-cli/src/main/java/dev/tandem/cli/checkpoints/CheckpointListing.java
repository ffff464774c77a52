package dev.tandem.cli.checkpoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.client.Checkpoint;
import dev.tandem.failover.CheckpointOrigin;
import dev.tandem.time.Durations;
import dev.tandem.cli.output.JsonText;
import dev.tandem.cli.output.TextTable;
import dev.tandem.playbook.Flow;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The checkpoints of a flow as {@code tandem checkpoints} prints them: a table, or JSON (schema in the README). */
public record CheckpointListing(Flow flow, CheckpointOrigin from, Optional<String> group, List<Checkpoint> checkpoints, Instant now) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public void printText(PrintWriter out) {
        long groups = checkpoints.stream().map(Checkpoint::group).distinct().count();
        String scope = group.map(g -> "group " + g + " of flow ").orElse("flow ");
        if (checkpoints.isEmpty()) {
            out.printf("no checkpoints for %s%s (%s -> %s) in the %s%n", scope, flow.name(), flow.source(), flow.target(),
                    from.describe());
            return;
        }
        out.printf("%s of %s, %s%s (%s -> %s), from the %s%n", count(checkpoints.size(), "checkpoint"),
                count(groups, "group"), scope, flow.name(), flow.source(), flow.target(), from.describe());
        TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "SOURCE-OFFSET", "TARGET-TOPIC", "TARGET-OFFSET",
                "KIND", "NOT-REPLICATED", "AGE");
        for (Checkpoint c : checkpoints) {
            table.row(c.group(), c.sourceTopic(), c.partition(), c.sourceOffset(), c.targetTopic(),
                    c.targetOffset().isPresent() ? String.valueOf(c.targetOffset().getAsLong()) : "-", c.kind().wireName(),
                    c.recordsNotYetReplicated(), Durations.human(c.age(now)));
        }
        table.print(out);
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    public void printJson(PrintWriter out) {
        ObjectNode root = JSON.createObjectNode().put("flow", flow.name()).put("source", flow.source())
                .put("target", flow.target()).put("from", from.wireName());
        ArrayNode list = root.putArray("checkpoints");
        for (Checkpoint c : checkpoints) {
            ObjectNode node = list.addObject().put("group", c.group()).put("topic", c.sourceTopic())
                    .put("partition", c.partition()).put("sourceOffset", c.sourceOffset())
                    .put("targetTopic", c.targetTopic());
            JsonText.put(node, "targetOffset", c.targetOffset());
            node.put("kind", c.kind().wireName()).put("notYetReplicated", c.recordsNotYetReplicated())
                    .put("committedAt", c.committedAt().toString())
                    .put("committedAfter", c.committedAfter().map(Object::toString).orElse(null))
                    .put("checkpointedAt", c.checkpointedAt().toString())
                    .put("ageMs", c.age(now).toMillis());
        }
        out.println(JsonText.pretty(root));
    }
}
