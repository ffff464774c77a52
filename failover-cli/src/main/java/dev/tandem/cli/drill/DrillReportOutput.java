package dev.tandem.cli.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.output.JsonText;
import dev.tandem.cli.output.TextTable;
import dev.tandem.drills.DrillReport;
import java.io.PrintWriter;

/** A drill run as {@code tandem drill run} prints it: the steps and the measures, or JSON (schema in the README). */
public final class DrillReportOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DrillReportOutput() {
    }

    public static void printText(DrillReport r, PrintWriter out) {
        out.printf("drill %s (flow %s), run %s%n", r.drill(), r.flow(), r.runId());
        TextTable table = new TextTable("STEP", "RESULT", "TIME", "DETAIL");
        r.steps().forEach(s -> table.row(s.step().yamlName(), s.status().wireName(), s.durationMs() + " ms", s.detail()));
        table.print(out);
        out.printf("RPO %s, RTO %s, canary p99 %s%n",
                r.rpo().map(p -> p.records() + " records (" + p.windowMs() + " ms)").orElse("-"),
                r.rtoMs().map(t -> t + " ms").orElse("-"), r.canaryP99Ms().map(t -> t + " ms").orElse("-"));
        if (r.passed()) {
            out.println("PASSED");
        } else {
            out.println("FAILED");
            r.failureTexts().forEach(f -> out.println("  - " + f));
        }
    }

    static ObjectNode tree(DrillReport r) {
        ObjectNode root = JSON.createObjectNode().put("version", 1).put("runId", r.runId()).put("drill", r.drill())
                .put("flow", r.flow()).put("startedAt", r.startedAt().toString())
                .put("finishedAt", r.finishedAt().toString()).put("passed", r.passed());
        var steps = root.putArray("steps");
        r.steps().forEach(s -> steps.addObject().put("step", s.step().yamlName()).put("status", s.status().wireName())
                .put("durationMs", s.durationMs()).put("detail", s.detail()));
        if (r.rpo().isPresent()) {
            root.putObject("rpo").put("records", r.rpo().get().records()).put("windowMs", r.rpo().get().windowMs());
        } else {
            root.putNull("rpo");
        }
        JsonText.put(root, "rtoMs", r.rtoMs());
        JsonText.put(root, "canaryP99Ms", r.canaryP99Ms());
        r.failureTexts().forEach(root.putArray("failures")::add);
        return root;
    }

    static String json(DrillReport r, boolean pretty) {
        return pretty ? JsonText.pretty(tree(r)) : tree(r).toString();
    }

}
