package dev.tandem.verifier.canary;

import java.util.List;

/**
 * What became of one run's canaries on the target.
 *
 * @param sent        canaries the source acknowledged
 * @param delivered   distinct canaries that arrived on the target
 * @param lost        sent but never arrived (within the timeout)
 * @param duplicated  arrivals of a canary that had already arrived
 * @param reordered   canaries that arrived after a later canary of the same partition
 * @param latenciesMs end-to-end latency of each delivered canary, in order of arrival
 */
public record CanaryResult(long sent, long delivered, long lost, long duplicated, long reordered,
                           LatencySummary latency, List<Long> latenciesMs) {

    public CanaryResult {
        latenciesMs = List.copyOf(latenciesMs);
    }
}
