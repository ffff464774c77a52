package dev.tandem.replicator;

import dev.tandem.failures.Classified;
import dev.tandem.failures.Failure;

/**
 * A flow stopped copying. When its {@link #failure()} says a retry may help, a restart from the
 * committed offsets may succeed (the engine does it by itself); otherwise an operator must act on
 * what the message says.
 */
public final class ReplicationFailedException extends RuntimeException implements Classified {

    private final Failure failure;

    public ReplicationFailedException(String message, Failure failure, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    @Override
    public Failure failure() {
        return failure;
    }
}
