package dev.tandem.cli.acls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.acls.Acl;
import dev.tandem.acls.AclPlan;
import dev.tandem.acls.AclSynchronizer;
import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.output.JsonText;
import dev.tandem.cli.output.OutputFormat;
import dev.tandem.cli.output.TextTable;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.playbook.AclSync;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.store.SyncedAclRepository;
import dev.tandem.store.TandemStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem acls PLAYBOOK --flow F}: what the flow's ACL sync would create, what is there, what is not copied. */
@Command(name = "acls", description = {
    "List what the flow's ACL sync (sync-acls) does on its target: ACLs to create for the replicas and groups, ACLs"
        + " already there, ACLs Tandem created that the source no longer has (to delete), and the source's ACLs on the"
        + " flow's topics and groups that are not copied, with the reason. Changes nothing."})
public final class AclsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Option(names = "--flow", paramLabel = "NAME", required = true, description = "The flow.")
    private String flowName;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema in the README).")
    private OutputFormat output;

    @Override
    public Integer call() {
        TandemCommand tandem = TandemCommand.of(spec);
        Playbook playbook = tandem.loadPlaybook(playbookFile);
        Flow flow = tandem.flow(playbook, flowName, playbookFile);
        AclPlan plan;
        try (TandemStore store = TandemStore.open(playbook.store())) {
            plan = new AclSynchronizer(playbook, new DefaultKafkaClients("tandem-acls"),
                    new SyncedAclRepository(store.jdbi()), tandem.clock()).plan(flow);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputFormat.json) {
            out.println(JsonText.pretty(json(flow, plan)));
        } else {
            text(flow, plan, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void text(Flow flow, AclPlan plan, PrintWriter out) {
        out.printf("ACLs of flow %s (%s -> %s), sync-acls: %s%s%n", flow.name(), flow.source(), flow.target(),
                flow.syncAcls().yamlName(), flow.syncAcls() == AclSync.OFF
                        ? " (nothing is synced; this is what sync-acls: read would do)" : "");
        TextTable table = new TextTable("ACTION", "RESOURCE", "NAME", "PATTERN", "PRINCIPAL", "HOST", "PERMISSION",
                "OPERATION", "WHY");
        plan.create().forEach(a -> row(table, "create", a, "on " + flow.source()));
        plan.present().forEach(a -> row(table, "present", a, "on " + flow.source() + ", already on " + flow.target()));
        plan.delete().forEach(a -> row(table, "delete", a, "created by Tandem, no longer on " + flow.source()));
        plan.notCopied().forEach(n -> row(table, "not-copied", n.acl(), n.reason()));
        table.print(out);
        out.printf("%d to create, %d present, %d to delete, %d not copied%n", plan.create().size(),
                plan.present().size(), plan.delete().size(), plan.notCopied().size());
    }

    private static void row(TextTable table, String action, Acl a, String why) {
        table.row(action, a.resource().name().toLowerCase(java.util.Locale.ROOT), a.name(),
                a.prefixed() ? "prefixed" : "literal", a.principal(), a.host(), a.allow() ? "allow" : "deny",
                a.operation(), why);
    }

    private static ObjectNode json(Flow flow, AclPlan plan) {
        ObjectNode root = new ObjectMapper().createObjectNode().put("version", 1).put("flow", flow.name())
                .put("source", flow.source()).put("target", flow.target()).put("syncAcls", flow.syncAcls().yamlName());
        list(root.putArray("create"), plan.create());
        list(root.putArray("present"), plan.present());
        list(root.putArray("delete"), plan.delete());
        ArrayNode notCopied = root.putArray("notCopied");
        plan.notCopied().forEach(n -> acl(notCopied.addObject(), n.acl()).put("reason", n.reason()));
        return root;
    }

    private static void list(ArrayNode array, List<Acl> acls) {
        acls.forEach(a -> acl(array.addObject(), a));
    }

    private static ObjectNode acl(ObjectNode node, Acl a) {
        return node.put("resource", a.resource().name().toLowerCase(java.util.Locale.ROOT)).put("name", a.name())
                .put("pattern", a.prefixed() ? "prefixed" : "literal").put("principal", a.principal())
                .put("host", a.host()).put("permission", a.allow() ? "allow" : "deny").put("operation", a.operation());
    }
}
