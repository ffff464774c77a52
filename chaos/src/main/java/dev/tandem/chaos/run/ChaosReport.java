package dev.tandem.chaos.run;

import dev.tandem.chaos.check.PartitionVerdict;
import dev.tandem.chaos.schedule.FaultSchedule;
import java.time.Duration;
import java.util.List;

/**
 * What a chaos run did and found: its seed and schedule, each fault with its catch-up time and the
 * duplicates it caused, the checker's verdict per partition, and every failure in one line.
 */
public record ChaosReport(long seed, List<FaultSchedule.Step> schedule, List<FaultOutcome> faults,
                          List<PartitionVerdict> partitions, List<String> runFailures, Duration took) {

    public ChaosReport {
        schedule = List.copyOf(schedule);
        faults = List.copyOf(faults);
        partitions = List.copyOf(partitions);
        runFailures = List.copyOf(runFailures);
    }

    /** One fault as it went: when it began (from the run's start), and how long the flow took to catch up after it. */
    public record FaultOutcome(String fault, Duration at, Duration catchUp, boolean caughtUp) {
    }

    public List<String> failures() {
        List<String> failures = new java.util.ArrayList<>(runFailures);
        partitions.forEach(p -> failures.addAll(p.failures()));
        return failures;
    }

    public boolean passed() {
        return failures().isEmpty();
    }

    public long sum(java.util.function.ToLongFunction<PartitionVerdict> value) {
        return partitions.stream().mapToLong(value).sum();
    }

    /** Duplicates caused from the start of fault {@code k} (1-based; 0: before the first) over every partition. */
    public long duplicatesOfFault(int k) {
        return partitions.stream().mapToLong(p -> p.duplicatesPerFault().get(k)).sum();
    }

    /** The report as Markdown: totals, then one row per fault. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("chaos run, seed ").append(seed).append(": ").append(passed() ? "PASSED" : "FAILED").append(" in ")
                .append(took.toSeconds()).append(" s\n\n");
        md.append("| records | value |\n| --- | ---: |\n");
        md.append("| acknowledged by the source | ").append(sum(PartitionVerdict::acknowledged)).append(" |\n");
        md.append("| on the source | ").append(sum(PartitionVerdict::onSource)).append(" |\n");
        md.append("| on the target (with duplicates) | ").append(sum(PartitionVerdict::onTarget)).append(" |\n");
        md.append("| acknowledged, deleted on the source by the run (retention) | ").append(sum(p -> p.deleted().count()))
                .append(" |\n");
        md.append("| of which copied before the deletion | ").append(sum(p -> p.deleted().copied())).append(" |\n");
        md.append("| of which lost at the source and reported (the store's source gaps) | ")
                .append(sum(p -> p.deleted().reported())).append(" |\n");
        md.append("| of which lost at the source without a report | ").append(sum(p -> p.deleted().silent())).append(" |\n");
        md.append("| acknowledged, not on the source (otherwise) | ").append(sum(PartitionVerdict::lostAtSourceCount)).append(" |\n");
        md.append("| lost (on the source, not on the target) | ").append(sum(PartitionVerdict::missingCount)).append(" |\n");
        md.append("| copied out of order | ").append(sum(PartitionVerdict::outOfOrder)).append(" |\n");
        md.append("| duplicates | ").append(sum(PartitionVerdict::duplicates)).append(" |\n");
        md.append("| sync points checked (wrong) | ").append(sum(PartitionVerdict::syncPointsChecked)).append(" (")
                .append(partitions.stream().mapToLong(p -> p.wrongSyncPoints().size()).sum()).append(") |\n");
        md.append("| checkpoints checked | ").append(sum(PartitionVerdict::checkpointsChecked)).append(" |\n");
        md.append("| of which translated exactly (naming the copy of the next record) | ")
                .append(sum(PartitionVerdict::checkpointsExactClaimed)).append(" (").append(sum(PartitionVerdict::checkpointsExact))
                .append(") |\n");
        md.append("| checkpoints from which the group would skip a record | ")
                .append(partitions.stream().mapToLong(p -> p.lossyCheckpoints().size()).sum()).append(" |\n\n");
        md.append("| partition | acknowledged | on the target | lost | duplicates | sync points | checkpoints (exact) |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (PartitionVerdict p : partitions) {
            md.append("| ").append(p.partition()).append(" | ").append(p.acknowledged()).append(" | ").append(p.onTarget())
                    .append(" | ").append(p.missingCount()).append(" | ").append(p.duplicates()).append(" | ")
                    .append(p.syncPointsChecked()).append(" | ").append(p.checkpointsChecked()).append(" (")
                    .append(p.checkpointsExactClaimed()).append(") |\n");
        }
        md.append('\n');
        md.append("| # | fault | at | catch-up | duplicates |\n| ---: | --- | ---: | ---: | ---: |\n");
        for (int i = 0; i < faults.size(); i++) {
            FaultOutcome f = faults.get(i);
            md.append("| ").append(i + 1).append(" | ").append(f.fault()).append(" | ").append(seconds(f.at())).append(" | ")
                    .append(f.caughtUp() ? seconds(f.catchUp()) : "not within " + seconds(f.catchUp())).append(" | ")
                    .append(duplicatesOfFault(i + 1)).append(" |\n");
        }
        if (!passed()) {
            md.append("\nfailures:\n");
            failures().forEach(f -> md.append("- ").append(f).append('\n'));
        }
        return md.toString();
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
