package dev.tandem.cli.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.failover.FailoverReport;
import dev.tandem.cli.output.JsonText;
import dev.tandem.client.Checkpoint;
import dev.tandem.client.Partition;
import dev.tandem.migration.MigrationReport;
import dev.tandem.verifier.compare.ComparisonJson;

/** A migration run as JSON, the stable schema documented in the README (version 1). */
final class MigrationJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MigrationJson() {
    }

    static ObjectNode tree(MigrationReport r) {
        ObjectNode root = JSON.createObjectNode().put("version", 1).put("runId", r.runId()).put("flow", r.flow())
                .put("source", r.source()).put("target", r.target()).put("operator", r.operator())
                .put("dryRun", r.dryRun()).put("startedAt", r.startedAt().toString())
                .put("finishedAt", r.finishedAt().toString()).put("result", r.result().wireName());
        r.groups().forEach(root.putArray("groups")::add);
        ArrayNode steps = root.putArray("steps");
        r.steps().forEach(s -> steps.addObject().put("step", s.step().wireName()).put("status", s.status().wireName())
                .put("durationMs", s.durationMs()).put("detail", s.detail()));
        r.drain().ifPresentOrElse(d -> {
            ObjectNode drain = root.putObject("drain").put("partitions", d.partitions())
                    .put("recordsBehind", d.recordsBehind()).put("quietForMs", d.quietSoFar().toMillis());
            d.moving().stream().map(Partition::toString).forEach(drain.putArray("moving")::add);
            d.behind().stream().map(Partition::toString).forEach(drain.putArray("behind")::add);
        }, () -> root.putNull("drain"));
        ArrayNode topics = root.putArray("topics");
        r.topics().forEach(t -> topics.addObject().put("topic", t.topic()).put("replica", t.replica())
                .put("partitions", t.partitions()).put("compared", t.compared()).put("equal", t.equal())
                .put("missing", t.missing()).put("extra", t.extra()).put("mismatched", t.mismatched())
                .put("notReplicated", t.notReplicated()));
        r.comparison().ifPresentOrElse(c -> root.set("comparison", ComparisonJson.tree(c)),
                () -> root.putNull("comparison"));
        ArrayNode checkpoints = root.putArray("finalCheckpoints");
        for (Checkpoint c : r.finalCheckpoints()) {
            ObjectNode node = checkpoints.addObject().put("group", c.group()).put("topic", c.sourceTopic())
                    .put("partition", c.partition()).put("sourceOffset", c.sourceOffset());
            JsonText.put(node, "targetOffset", c.targetOffset());
            node.put("kind", c.kind().wireName());
        }
        r.move().ifPresentOrElse(m -> root.set("move", FailoverReport.tree(m)), () -> root.putNull("move"));
        return root;
    }

    static String json(MigrationReport r, boolean pretty) {
        return pretty ? JsonText.pretty(tree(r)) : tree(r).toString();
    }
}
