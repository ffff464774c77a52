package dev.tandem.cli.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.output.JsonText;
import dev.tandem.status.FlowStatus;
import dev.tandem.status.ProtectionStatus;

/** The status as {@code --output json} and {@code /status.json} give it (schema in the README). */
final class StatusJson {

    private StatusJson() {
    }

    static String render(ProtectionStatus status) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("level", status.level().label());
        root.put("headline", status.headline());
        root.put("checkedAt", status.checkedAt().toString());
        ArrayNode flows = root.putArray("flows");
        for (FlowStatus flow : status.flows()) {
            ObjectNode f = flows.addObject();
            f.put("flow", flow.flow());
            f.put("source", flow.source());
            f.put("target", flow.target());
            f.put("level", flow.level().label());
            f.put("reason", flow.reason().aspect() + ": " + flow.reason().text());
            ArrayNode findings = f.putArray("findings");
            for (FlowStatus.Finding finding : flow.findings()) {
                findings.addObject().put("aspect", finding.aspect()).put("level", finding.level().label())
                        .put("text", finding.text());
            }
        }
        return JsonText.pretty(root);
    }
}
