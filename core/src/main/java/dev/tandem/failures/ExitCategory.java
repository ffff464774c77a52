package dev.tandem.failures;

/**
 * The rows of the README's exit code table a {@link Failure} can end a command with; the command
 * line maps each to its number.
 */
public enum ExitCategory {
    /** 1: replication stopped on an error it cannot get past (a record too large, a rejected request). */
    CHECK_FAILED,
    /** 4: a safety check refused to go on. */
    REFUSED,
    /** 5: a cluster could not be reached, or refused authentication or authorization. */
    UNREACHABLE,
    /** 70: a bug or an unexpected failure. */
    INTERNAL
}
