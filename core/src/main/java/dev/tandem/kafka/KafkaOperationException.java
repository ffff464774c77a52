package dev.tandem.kafka;

/** A Kafka operation failed for a reason other than reachability (bad config, invalid request...). */
public final class KafkaOperationException extends RuntimeException {

    public KafkaOperationException(String cluster, String attempted, Throwable cause) {
        super(attempted + " on " + cluster + ": " + (cause.getMessage() == null
                ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
    }
}
