package dev.tandem.cli.playbook;

import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.playbook.load.DurationText;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.secrets.SecretMasking;
import java.util.stream.Collectors;

/** The short, human summary of a playbook that {@code tandem validate} prints; secrets masked. */
public record PlaybookSummary(Playbook playbook) {

    private static String settings(java.util.Map<String, String> masked) {
        return masked.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    public String render(String fileName) {
        StringBuilder out = new StringBuilder();
        out.append(fileName).append(": valid (playbook version ").append(Playbook.SCHEMA_VERSION).append(")\n");
        out.append("clusters:\n");
        int width = playbook.clusters().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (ClusterSpec cluster : playbook.clusters().values()) {
            out.append("  ").append(pad(cluster.alias(), width)).append("  ").append(cluster.bootstrap());
            if (!cluster.properties().isEmpty()) {
                out.append("  ").append(settings(cluster.maskedProperties()));
            }
            cluster.maskedRoles().forEach((role, settings) ->
                    out.append("  ").append(role.key()).append(": ").append(settings(settings)));
            out.append('\n');
        }
        out.append("store: ").append(SecretMasking.maskJdbcUrl(playbook.store().effectiveJdbcUrl())).append('\n');
        out.append("flows:\n");
        for (Flow flow : playbook.flows()) {
            appendFlow(out, flow);
        }
        VerifySpec v = playbook.verify();
        out.append("verify: canary-topic ").append(v.canaryTopic()).append(", ").append(v.canaries())
                .append(" canaries, timeout ").append(DurationText.format(v.timeout())).append(", max-latency ")
                .append(DurationText.format(v.maxLatency())).append(", max-lost ").append(v.maxLost())
                .append(", max-duplicated ").append(v.maxDuplicated().isPresent()
                        ? String.valueOf(v.maxDuplicated().getAsLong()) : "not checked")
                .append(", max-checkpoint-age ").append(DurationText.format(v.maxCheckpointAge())).append('\n');
        return out.toString();
    }

    private static void appendFlow(StringBuilder out, Flow flow) {
        out.append("  ").append(flow.name()).append("  ").append(flow.source()).append(" -> ")
                .append(flow.target()).append('\n');
        out.append("    topics  ").append(flow.topics().describe()).append("  naming ")
                .append(flow.naming().yamlName()).append(" (orders -> ").append(flow.targetTopic("orders"))
                .append(")\n");
        out.append("    groups  ").append(flow.groups().describe()).append('\n');
        out.append("    topic-refresh ").append(DurationText.format(flow.topicRefresh()))
                .append(", checkpoint-interval ").append(DurationText.format(flow.checkpointInterval()))
                .append(", replication-factor ").append(flow.replicationFactor().isPresent()
                        ? String.valueOf(flow.replicationFactor().getAsInt()) : "target default")
                .append(", sync-group-offsets ").append(flow.syncGroupOffsets()).append('\n');
        out.append("    delivery ").append(flow.delivery().yamlName()).append(", commit-interval ")
                .append(DurationText.format(ReplicationSettings.defaults().commitInterval(flow)))
                .append(flow.commitInterval().isPresent() ? "" : " (default)").append('\n');
        flow.maxBytesPerSecond().ifPresent(rate -> out.append(String.format(java.util.Locale.ROOT,
                "    max-bytes-per-second %,d (%.1f MB/s)\n", rate, rate / 1e6)));
        if (flow.syncAcls().enabled()) {
            out.append("    sync-acls ").append(flow.syncAcls().yamlName()).append(" (needs an authorizer on both clusters")
                    .append(" and ALTER on CLUSTER on ").append(flow.target()).append(")\n");
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
