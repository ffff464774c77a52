package dev.tandem.verifier.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import dev.tandem.verifier.topology.TopologyResult;

/** A run as JSON, the stable schema documented in the README (version 1). */
public final class ReportJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportJson() {
    }

    public static ObjectNode tree(VerificationReport report) {
        ObjectNode root = JSON.createObjectNode().put("version", 1).put("runId", report.runId())
                .put("flow", report.flow()).put("source", report.source()).put("target", report.target())
                .put("startedAt", report.startedAt().toString()).put("finishedAt", report.finishedAt().toString())
                .put("passed", report.passed());
        topology(root.putObject("topology"), report.topology());
        canaries(root.putObject("canaries"), report.canaries());
        checkpoint(root.putObject("checkpoint"), report.checkpoint());
        report.failureTexts().forEach(root.putArray("failures")::add);
        return root;
    }

    public static String pretty(VerificationReport report) {
        try {
            return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output failed", e);
        }
    }

    public static String compact(VerificationReport report) {
        return tree(report).toString();
    }

    private static void topology(ObjectNode node, TopologyResult topology) {
        node.put("checked", topology.checked());
        var problems = node.putArray("problems");
        topology.problems().forEach(p -> problems.addObject().put("topic", p.topic()).put("replica", p.replica())
                .put("problem", p.kind()).put("detail", p.detail()));
    }

    private static void canaries(ObjectNode node, CanaryResult c) {
        node.put("sent", c.sent()).put("delivered", c.delivered()).put("lost", c.lost())
                .put("duplicated", c.duplicated()).put("reordered", c.reordered());
        node.putObject("latencyMs").put("p50", c.latency().p50()).put("p95", c.latency().p95())
                .put("p99", c.latency().p99()).put("max", c.latency().max());
    }

    private static void checkpoint(ObjectNode node, CheckpointResult c) {
        node.put("group", c.group()).put("topic", c.topic()).put("partition", c.partition())
                .put("sourceOffset", c.sourceOffset());
        if (c.targetOffset().isPresent()) {
            node.put("targetOffset", c.targetOffset().getAsLong());
        } else {
            node.putNull("targetOffset");
        }
        node.put("kind", c.kind()).put("exact", c.exact());
        if (c.errorRecords().isPresent()) {
            node.put("errorRecords", c.errorRecords().getAsLong());
        } else {
            node.putNull("errorRecords");
        }
        node.put("ageMs", c.ageMs());
    }
}
