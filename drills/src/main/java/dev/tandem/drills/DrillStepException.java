package dev.tandem.drills;

/** A drill step's check failed: the message says what was found instead of what was expected. */
final class DrillStepException extends RuntimeException {

    DrillStepException(String message) {
        super(message);
    }
}
