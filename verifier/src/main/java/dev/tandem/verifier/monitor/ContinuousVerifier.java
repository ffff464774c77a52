package dev.tandem.verifier.monitor;

import dev.tandem.playbook.Flow;
import dev.tandem.playbook.VerifySpec;
import dev.tandem.verifier.Verifier;
import dev.tandem.verifier.report.VerificationReport;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code tandem verify --continuous}: a verification run every {@code interval}, each recorded in
 * the metrics and handed to a listener (print, store), until {@link #stop()}. A cross-cluster
 * canary monitor that also checks checkpoints.
 */
public final class ContinuousVerifier {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContinuousVerifier.class);

    private final Verifier verifier;
    private final VerifyMetrics metrics;
    private final Consumer<VerificationReport> listener;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public ContinuousVerifier(Verifier verifier, VerifyMetrics metrics, Consumer<VerificationReport> listener) {
        this.verifier = verifier;
        this.metrics = metrics;
        this.listener = listener;
    }

    /** Runs until {@link #stop()}; returns how many runs there were. */
    public int run(Flow flow, VerifySpec spec) throws InterruptedException {
        int runs = 0;
        while (stopped.getCount() > 0) {
            try {
                VerificationReport report = verifier.verify(flow, spec);
                runs++;
                metrics.record(report);
                listener.accept(report);
            } catch (RuntimeException e) {
                // A monitor that dies when a cluster is away would go quiet exactly when it matters.
                runs++;
                metrics.failed();
                LOG.warn("flow {}: verification failed: {}; next run in {}", flow.name(), e.getMessage(), spec.interval());
            }
            stopped.await(spec.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
        return runs;
    }

    /** Ends {@link #run} after the current verification (thread-safe, idempotent). */
    public void stop() {
        stopped.countDown();
    }
}
