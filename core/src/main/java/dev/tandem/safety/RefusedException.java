package dev.tandem.safety;

/** A safety check refused to go on (exit code 4); the message says what was found and why it is unsafe. */
public final class RefusedException extends RuntimeException {

    public RefusedException(String message) {
        super(message);
    }
}
