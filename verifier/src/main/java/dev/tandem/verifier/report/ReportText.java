package dev.tandem.verifier.report;

import dev.tandem.verifier.canary.CanaryResult;
import dev.tandem.verifier.checkpoint.CheckpointResult;
import java.io.PrintWriter;

/** A run as people read it on a terminal: one block per check, then the verdict. */
public final class ReportText {

    private ReportText() {
    }

    public static void print(VerificationReport r, PrintWriter out) {
        out.printf("verify %s (%s -> %s), run %s%n", r.flow(), r.source(), r.target(), r.runId());
        out.printf("  topology    %d topic%s checked, %d problem%s%n", r.topology().checked(),
                r.topology().checked() == 1 ? "" : "s", r.topology().problems().size(),
                r.topology().problems().size() == 1 ? "" : "s");
        r.topology().problems().forEach(p -> out.printf("                %s: %s%n", p.topic(), p.detail()));
        CanaryResult c = r.canaries();
        out.printf("  canaries    sent %d, delivered %d, lost %d, duplicated %d, reordered %d%n", c.sent(), c.delivered(),
                c.lost(), c.duplicated(), c.reordered());
        out.printf("              latency ms p50 %d, p95 %d, p99 %d, max %d%n", c.latency().p50(), c.latency().p95(),
                c.latency().p99(), c.latency().max());
        CheckpointResult k = r.checkpoint();
        out.printf("  checkpoint  group %s at %s-%d offset %d -> target offset %s (%s%s), age %s%n", k.group(), k.topic(),
                k.partition(), k.sourceOffset(), k.targetOffset().isPresent() ? k.targetOffset().getAsLong() : "-",
                k.kind(), k.errorRecords().isPresent() ? ", " + k.errorRecords().getAsLong() + " records off" : "",
                k.ageMs() < 0 ? "-" : k.ageMs() + " ms");
        if (r.passed()) {
            out.println("PASSED");
        } else {
            out.println("FAILED");
            r.failureTexts().forEach(f -> out.println("  - " + f));
        }
    }
}
