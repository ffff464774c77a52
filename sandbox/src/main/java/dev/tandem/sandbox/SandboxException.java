package dev.tandem.sandbox;

/** Local clusters could not be started or stopped; the message says which and why. */
public final class SandboxException extends RuntimeException {

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
