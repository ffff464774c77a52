package dev.tandem.cli.migrate;

import dev.tandem.cli.failover.FailoverReport;
import dev.tandem.cli.output.TextTable;
import dev.tandem.migration.MigrationReport;
import java.io.PrintWriter;
import java.time.Duration;

/** A migration run as {@code tandem migrate} prints it: the steps, the compared topics, the move, the verdict. */
final class MigrationText {

    private MigrationText() {
    }

    static void print(MigrationReport r, PrintWriter out) {
        out.printf("migration of flow %s from %s to %s%s%s%n", r.flow(), r.source(), r.target(),
                r.groups().isEmpty() ? "" : ", groups " + String.join(", ", r.groups()),
                r.dryRun() ? " (dry run: nothing is changed)" : "");
        TextTable steps = new TextTable("STEP", "RESULT", "TIME", "DETAIL");
        r.steps().forEach(s -> steps.row(s.step().wireName(), s.status().wireName(),
                s.status() == MigrationReport.StepResult.Status.SKIPPED ? "-" : seconds(s.durationMs()), s.detail()));
        steps.print(out);
        if (!r.topics().isEmpty()) {
            out.println();
            TextTable topics = new TextTable("TOPIC", "REPLICA", "PARTITIONS", "COMPARED", "EQUAL", "MISSING", "EXTRA",
                    "MISMATCHED", "NOT-REPLICATED");
            r.topics().forEach(t -> topics.row(t.topic(), t.replica(), t.partitions(), t.compared(), t.equal(),
                    t.missing(), t.extra(), t.mismatched(), t.notReplicated()));
            topics.print(out);
        }
        if (r.move().isPresent()) {
            out.println();
            FailoverReport.printText(r.move().get(), out);
        }
        out.println(switch (r.result()) {
            case MIGRATED -> "MIGRATED in " + seconds(Duration.between(r.startedAt(), r.finishedAt()).toMillis())
                    + ": start the consumers of these groups on " + r.target() + ", then the producers";
            case DRY_RUN -> "DRY RUN: the migration would go ahead; run again without --dry-run";
            case REFUSED -> "REFUSED: nothing was moved (" + String.join("; ", r.failures()) + ")";
            case TIMED_OUT -> "TIMED OUT: nothing was moved (" + String.join("; ", r.failures()) + ")";
            case DIFFERENT -> "DIFFERENT: the target does not hold the same records; nothing was moved"
                    + " (tandem compare shows each difference)";
            case PARTIAL -> "PARTIAL: some groups were not moved (see above); run again";
            case FAILED -> "FAILED: " + String.join("; ", r.failures()) + "; the steps before it are done (see above)";
        });
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
