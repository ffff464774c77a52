package dev.tandem.replicator;

/**
 * A flow stopped copying. {@code recoverable}: a restart from the committed offsets may succeed
 * (the engine does it by itself); otherwise an operator must act on what the message says.
 */
public final class ReplicationFailedException extends RuntimeException {

    private final boolean recoverable;

    public ReplicationFailedException(String message, boolean recoverable, Throwable cause) {
        super(message, cause);
        this.recoverable = recoverable;
    }

    public boolean recoverable() {
        return recoverable;
    }
}
