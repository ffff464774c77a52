package dev.tandem.safety;

import dev.tandem.failures.Classified;
import dev.tandem.failures.Failure;
import dev.tandem.failures.FailureClassifier;

/** A safety check refused to go on (exit code 4); the message says what was found and why it is unsafe. */
public final class RefusedException extends RuntimeException implements Classified {

    public RefusedException(String message) {
        super(message);
    }

    @Override
    public Failure failure() {
        return FailureClassifier.ofSafetyCheck();
    }
}
