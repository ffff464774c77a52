package dev.tandem.cli;

/** The command cannot run as asked (exit code 2); the message says what to change. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
