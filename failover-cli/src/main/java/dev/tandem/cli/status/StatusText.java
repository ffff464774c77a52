package dev.tandem.cli.status;

import dev.tandem.status.FlowStatus;
import dev.tandem.status.ProtectionStatus;

/** The status as a terminal shows it: the headline, then each flow and its findings. */
final class StatusText {

    private StatusText() {
    }

    static String render(ProtectionStatus status) {
        StringBuilder text = new StringBuilder(status.headline()).append('\n');
        for (FlowStatus flow : status.flows()) {
            text.append('\n').append(String.format("flow %s (%s -> %s): %s%n", flow.flow(), flow.source(), flow.target(),
                    flow.level().name()));
            int width = flow.findings().stream().mapToInt(f -> f.aspect().length()).max().orElse(0);
            for (FlowStatus.Finding finding : flow.findings()) {
                text.append(String.format("  %-" + width + "s  %-5s  %s%n", finding.aspect(), finding.level().name(),
                        finding.text()));
            }
        }
        return text.append("\nchecked at ").append(status.checkedAt()).append('\n').toString();
    }
}
