package dev.tandem.kafka;

import dev.tandem.failures.Classified;
import dev.tandem.failures.Failure;
import dev.tandem.failures.FailureClassifier;

/**
 * A Kafka cluster gave no usable answer while doing {@code attempted}: it could not be reached, or
 * it refused us (authentication, authorization; {@link #failure()} says which). The message names
 * the cluster and what was being done.
 */
public final class ClusterUnreachableException extends RuntimeException implements Classified {

    private final String cluster;
    private final Failure failure;

    public ClusterUnreachableException(String cluster, String attempted, Throwable cause) {
        this(FailureClassifier.ofUnanswered(cluster, attempted, cause), cluster, attempted, cause);
    }

    /** For a failure told already ({@link KafkaCalls}). */
    ClusterUnreachableException(Failure failure, String cluster, String attempted, Throwable cause) {
        super(attempted + " on " + cluster + ": " + FailureClassifier.rootMessage(cause), cause);
        this.cluster = cluster;
        this.failure = failure;
    }

    /** Told in operators' words instead of the cause's own message ({@link ClusterContact}). */
    public ClusterUnreachableException(String message, Failure failure, String cluster, Throwable cause) {
        super(message, cause);
        this.cluster = cluster;
        this.failure = failure;
    }

    public String cluster() {
        return cluster;
    }

    @Override
    public Failure failure() {
        return failure;
    }
}
