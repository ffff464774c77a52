package dev.tandem.verifier.report;

import java.util.Objects;

/** A threshold a verification run failed: the check that failed it, and what was found. */
public record Failure(Check check, String message) {

    public Failure {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(message, "message");
    }

    /** As the reports print it, after its check's name: {@code canaries: 2 of 10 lost (max-lost 0)}. */
    public String text() {
        return check.wireName() + ": " + message;
    }
}
