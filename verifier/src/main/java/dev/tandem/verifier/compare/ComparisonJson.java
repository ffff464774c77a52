package dev.tandem.verifier.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A comparison as JSON, the stable schema documented in the README (version 1). */
public final class ComparisonJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ComparisonJson() {
    }

    public static ObjectNode tree(ComparisonReport report) {
        ObjectNode root = JSON.createObjectNode().put("version", 1).put("flow", report.flow())
                .put("source", report.source()).put("target", report.target())
                .put("startedAt", report.startedAt().toString()).put("finishedAt", report.finishedAt().toString())
                .put("same", report.same());
        root.putObject("totals").put("compared", report.compared()).put("equal", report.equal())
                .put("missing", report.missing()).put("extra", report.extra()).put("mismatched", report.mismatched())
                .put("notReplicated", report.notReplicated());
        var partitions = root.putArray("partitions");
        for (PartitionComparison p : report.partitions()) {
            ObjectNode node = partitions.addObject().put("topic", p.topic()).put("partition", p.partition())
                    .put("replica", p.replica()).put("fromOffset", p.fromOffset()).put("compared", p.compared())
                    .put("equal", p.equal()).put("missing", p.missing()).put("extra", p.extra())
                    .put("mismatched", p.mismatched()).put("skipped", p.skipped())
                    .put("notReplicated", p.notReplicated());
            difference(node, "firstMissing", p.firstMissing());
            difference(node, "firstExtra", p.firstExtra());
            difference(node, "firstMismatch", p.firstMismatch());
        }
        report.problems().forEach(root.putArray("problems")::add);
        return root;
    }

    private static void difference(ObjectNode parent, String name, Optional<Difference> difference) {
        if (difference.isEmpty()) {
            parent.putNull(name);
            return;
        }
        Difference d = difference.get();
        ObjectNode node = parent.putObject(name);
        if (d.sourceOffset().isPresent()) {
            node.put("sourceOffset", d.sourceOffset().getAsLong());
        } else {
            node.putNull("sourceOffset");
        }
        node.put("targetOffset", d.targetOffset());
        d.field().ifPresentOrElse(f -> node.put("field", f), () -> node.putNull("field"));
    }

    public static String pretty(ComparisonReport report) {
        try {
            return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output failed", e);
        }
    }
}
