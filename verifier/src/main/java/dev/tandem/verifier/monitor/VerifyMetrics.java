package dev.tandem.verifier.monitor;

import dev.tandem.verifier.report.VerificationReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flow's canary monitor metrics (Prometheus names in brackets): canaries sent, lost, duplicated
 * and reordered [tandem_verify_canaries_{sent,lost,duplicated,reordered}_total], end-to-end latency
 * histogram [tandem_verify_canary_latency_ms], the checkpoint's age and error
 * [tandem_verify_checkpoint_age_seconds, tandem_verify_checkpoint_error_records], the last run's
 * verdict [tandem_verify_last_run_passed] and runs by result [tandem_verify_runs_total{result}].
 */
public final class VerifyMetrics {

    private final Counter sent;
    private final Counter lost;
    private final Counter duplicated;
    private final Counter reordered;
    private final DistributionSummary latency;
    private final AtomicLong checkpointAgeMs = new AtomicLong(-1);
    private final AtomicLong checkpointError = new AtomicLong(-1);
    private final AtomicLong lastPassed = new AtomicLong(-1);
    private final Counter passedRuns;
    private final Counter failedRuns;

    public VerifyMetrics(MeterRegistry registry, String flow) {
        sent = counter(registry, flow, "sent", "Canaries the source acknowledged");
        lost = counter(registry, flow, "lost", "Canaries that did not arrive within the timeout");
        duplicated = counter(registry, flow, "duplicated", "Further copies of delivered canaries");
        reordered = counter(registry, flow, "reordered", "Canaries that arrived after a later one of their partition");
        latency = DistributionSummary.builder("tandem.verify.canary.latency").baseUnit("ms").tag("flow", flow)
                .description("End-to-end latency of delivered canaries").publishPercentileHistogram()
                .register(registry);
        Gauge.builder("tandem.verify.checkpoint.age.seconds", checkpointAgeMs, a -> a.get() < 0 ? Double.NaN : a.get() / 1000.0)
                .tag("flow", flow).description("Age of the verifier group's checkpoint when last checked").register(registry);
        Gauge.builder("tandem.verify.checkpoint.error.records", checkpointError, a -> a.get() < 0 ? Double.NaN : a.get())
                .tag("flow", flow).description("How many records off the last checked checkpoint was").register(registry);
        Gauge.builder("tandem.verify.last.run.passed", lastPassed, a -> a.get() < 0 ? Double.NaN : a.get())
                .tag("flow", flow).description("1 when the last run passed, 0 when it failed").register(registry);
        passedRuns = Counter.builder("tandem.verify.runs").tag("flow", flow).tag("result", "passed").register(registry);
        failedRuns = Counter.builder("tandem.verify.runs").tag("flow", flow).tag("result", "failed").register(registry);
    }

    private static Counter counter(MeterRegistry registry, String flow, String what, String description) {
        return Counter.builder("tandem.verify.canaries." + what).tag("flow", flow).description(description)
                .register(registry);
    }

    /** A run that could not be completed (a cluster or the store away): counted as failed. */
    public void failed() {
        lastPassed.set(0);
        failedRuns.increment();
    }

    public void record(VerificationReport report) {
        sent.increment(report.canaries().sent());
        lost.increment(report.canaries().lost());
        duplicated.increment(report.canaries().duplicated());
        reordered.increment(report.canaries().reordered());
        report.canaries().latenciesMs().forEach(latency::record);
        checkpointAgeMs.set(report.checkpoint().ageMs());
        checkpointError.set(report.checkpoint().errorRecords().orElse(-1));
        lastPassed.set(report.passed() ? 1 : 0);
        (report.passed() ? passedRuns : failedRuns).increment();
    }
}
