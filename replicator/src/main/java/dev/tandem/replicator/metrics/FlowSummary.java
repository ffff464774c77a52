package dev.tandem.replicator.metrics;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-line INFO summary of a flow every {@code summaryInterval}: records copied, rate, how far
 * behind, an ETA. Quiet while a terminal's progress line says it.
 */
public final class FlowSummary {

    private static final Logger LOG = LoggerFactory.getLogger(FlowSummary.class);

    private final String flow;
    private final ReplicationMetrics metrics;
    private final Duration interval;
    private double recordsAtLastSummary;

    public FlowSummary(String flow, ReplicationMetrics metrics, Duration interval) {
        this.flow = flow;
        this.metrics = metrics;
        this.interval = interval;
    }

    /** Logs the summary of the interval that just ended. */
    public void log(int partitionsAssigned) {
        double total = metrics.replicatedRecords();
        double rate = (total - recordsAtLastSummary) / Math.max(1, interval.toSeconds());
        recordsAtLastSummary = total;
        long behind = metrics.lagRecords();
        if (behind > 0 && metrics.progressOnTerminal()) {
            return; // the terminal's progress line says it, once a second
        }
        LOG.info(line(flow, (long) total, rate, behind, partitionsAssigned));
    }

    static String line(String flow, long total, double rate, long behind, int partitionsAssigned) {
        // without a partition nothing is behind here, and nothing is caught up either (the group is joining, or
        // another replicator of the flow holds them all)
        String eta = partitionsAssigned == 0 ? "no partition assigned to this process"
                : behind == 0 ? "caught up" : rate < 1 ? "no progress" : "ETA " + (long) (behind / rate) + " s";
        return String.format(java.util.Locale.ROOT, "flow %s: %d records copied (%d/s), %d behind (%s), %d partitions"
                + " assigned", flow, total, (long) rate, behind, eta, partitionsAssigned);
    }
}
