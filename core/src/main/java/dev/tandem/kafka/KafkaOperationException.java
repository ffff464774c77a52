package dev.tandem.kafka;

import dev.tandem.failures.Classified;
import dev.tandem.failures.Failure;

/**
 * A Kafka operation failed for a reason other than reachability or permission (bad config, invalid
 * request...): {@link Failure.Permanent}, told by {@link KafkaCalls}.
 */
public final class KafkaOperationException extends RuntimeException implements Classified {

    private final Failure failure;

    KafkaOperationException(Failure failure, String cluster, String attempted, Throwable cause) {
        super(attempted + " on " + cluster + ": " + (cause.getMessage() == null
                ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        this.failure = failure;
    }

    @Override
    public Failure failure() {
        return failure;
    }
}
