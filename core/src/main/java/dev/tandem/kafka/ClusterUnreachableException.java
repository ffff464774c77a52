package dev.tandem.kafka;

/**
 * A Kafka cluster could not be reached, or refused us (authentication, authorization) while
 * doing {@code attempted}. The message names the cluster and what was being done.
 */
public final class ClusterUnreachableException extends RuntimeException {

    private final String cluster;

    public ClusterUnreachableException(String cluster, String attempted, Throwable cause) {
        super(attempted + " on " + cluster + ": " + describe(cause), cause);
        this.cluster = cluster;
    }

    public String cluster() {
        return cluster;
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
