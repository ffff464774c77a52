package dev.tandem.cli.verify;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.ShutdownHooks;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.metrics.MetricsServer;
import dev.tandem.store.VerificationRunRepository;
import dev.tandem.verifier.Verifier;
import dev.tandem.verifier.monitor.ContinuousVerifier;
import dev.tandem.verifier.monitor.VerifyMetrics;
import dev.tandem.verifier.report.VerificationReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/** {@code tandem verify --continuous}: a run every interval until SIGINT/SIGTERM; one line each; metrics. */
final class ContinuousVerify {

    /** Stored runs older than this are pruned as new ones are stored. */
    static final Duration KEEP_RUNS = Duration.ofDays(30);

    private final Verifier verifier;
    private final VerificationRunRepository runs;
    private final PrintWriter out;
    private final Clock clock;
    private final Integer metricsPort;

    ContinuousVerify(Verifier verifier, VerificationRunRepository runs, PrintWriter out, Clock clock, Integer metricsPort) {
        this.verifier = verifier;
        this.runs = runs;
        this.out = out;
        this.clock = clock;
        this.metricsPort = metricsPort;
    }

    int run(Flow flow, VerifySpec spec) throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MetricsServer server = metricsPort == null ? null : new MetricsServer(registry, metricsPort)) {
            ContinuousVerifier monitor = new ContinuousVerifier(verifier, new VerifyMetrics(registry, flow.name()),
                    report -> record(flow, report));
            Thread hook = ShutdownHooks.add("tandem-verify-shutdown", monitor::stop);
            out.printf("verifying %s every %s%s; stop with Ctrl-C%n", flow.name(), spec.interval(),
                    server == null ? "" : ", metrics on :" + server.port() + "/metrics");
            out.flush();
            try {
                monitor.run(flow, spec);
            } finally {
                ShutdownHooks.remove(hook);
            }
            return ExitCodes.OK;
        }
    }

    private void record(Flow flow, VerificationReport r) {
        runs.save(VerificationRuns.stored(r));
        runs.prune(flow.name(), clock.instant().minus(KEEP_RUNS));
        out.printf("%s %s: sent %d, delivered %d, lost %d, duplicated %d, reordered %d, p99 %d ms; checkpoint %s%s%s%n",
                r.finishedAt(), r.passed() ? "PASSED" : "FAILED", r.canaries().sent(), r.canaries().delivered(),
                r.canaries().lost(), r.canaries().duplicated(), r.canaries().reordered(), r.canaries().latency().p99(),
                r.checkpoint().kind(), r.checkpoint().exact() ? " at the right record" : "",
                r.passed() ? "" : "; " + String.join("; ", r.failureTexts()));
        out.flush();
    }
}
