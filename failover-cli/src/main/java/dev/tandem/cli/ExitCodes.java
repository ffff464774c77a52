package dev.tandem.cli;

/** The exit codes of every {@code tandem} command; documented in the README. */
public final class ExitCodes {

    /** Done; every check passed. */
    public static final int OK = 0;
    /** A check or verification failed, or replication stopped on an error it cannot get past (the output says which). */
    public static final int CHECK_FAILED = 1;
    /** The command line is wrong, or the local setup lacks something the command needs. */
    public static final int USAGE = 2;
    /** The playbook is invalid (every error is printed). */
    public static final int INVALID_PLAYBOOK = 3;
    /** Refused by a safety check (same cluster on both sides, active group, stale checkpoint). */
    public static final int REFUSED = 4;
    /** A cluster or the store could not be reached, or refused authentication or authorization. */
    public static final int UNREACHABLE = 5;
    /** A bug or an unexpected failure; rerun with -v for the stack trace. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }

    /** The code of a classified failure's category (the README's table). */
    public static int of(dev.tandem.failures.ExitCategory category) {
        return switch (category) {
            case CHECK_FAILED -> CHECK_FAILED;
            case REFUSED -> REFUSED;
            case UNREACHABLE -> UNREACHABLE;
            case INTERNAL -> INTERNAL;
        };
    }
}
