package dev.tandem.store;

/** The store could not be opened, read or written; the message names the (masked) URL and the step. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
