package dev.tandem.verifier.compare;

import java.io.PrintWriter;

/** A comparison for a person: one line per partition, its first differences, and the verdict. */
public final class ComparisonText {

    private ComparisonText() {
    }

    public static void print(ComparisonReport report, PrintWriter out) {
        out.println("compare " + report.flow() + " (" + report.source() + " -> " + report.target() + ")");
        for (PartitionComparison p : report.partitions()) {
            out.println("  " + p.topic() + "-" + p.partition() + " -> " + p.replica() + "-" + p.partition()
                    + "  from offset " + p.fromOffset() + ": compared " + p.compared() + ", equal " + p.equal()
                    + ", missing " + p.missing() + ", extra " + p.extra() + ", mismatched " + p.mismatched()
                    + (p.notReplicated() > 0 ? ", " + p.notReplicated() + " offsets not replicated (not compared)"
                    : "") + (p.skipped() > 0 ? ", " + p.skipped() + " skipped (their origin is the target)" : ""));
            p.firstMissing().ifPresent(d -> out.println("      first missing: " + d.describe()));
            p.firstExtra().ifPresent(d -> out.println("      first extra: " + d.describe()));
            p.firstMismatch().ifPresent(d -> out.println("      first mismatch: " + d.describe()));
        }
        report.problems().forEach(problem -> out.println("  problem: " + problem));
        out.println((report.same() ? "SAME" : "DIFFERENT") + ": " + report.compared() + " records compared in "
                + report.partitions().size() + " partitions, " + report.equal() + " equal, " + report.missing()
                + " missing, " + report.extra() + " extra, " + report.mismatched() + " mismatched"
                + (report.notReplicated() > 0 ? ", " + report.notReplicated() + " offsets not replicated" : ""));
    }
}
