package dev.tandem.failures;

/**
 * What a failure is, as far as what happens next goes: whether trying again may get past it (a
 * flow restarts from its committed offsets, or stops for good) and which exit code it ends a
 * command with. Told by {@link FailureClassifier} only.
 */
public sealed interface Failure {

    /** Whether a retry may get past it; when not, an operator must act on what the message says. */
    boolean retryMayHelp();

    ExitCategory exitCategory();

    /**
     * A cluster's ACLs refuse {@code operation} on {@code resource}. ACLs do not change by
     * themselves: retrying would only hide the refusal in warnings.
     *
     * @param detail what follows the line: {@code ": "} and the cluster's words, or what to grant in
     *               parentheses, or nothing
     */
    record NotAuthorized(String cluster, String resource, String operation, String detail) implements Failure {
        /** "not authorized to WRITE topic east.orders on west", then the detail. */
        public String describe() {
            return "not authorized to " + operation + (resource.isEmpty() ? "" : " " + resource) + " on " + cluster
                    + detail;
        }

        @Override
        public boolean retryMayHelp() {
            return false;
        }

        @Override
        public ExitCategory exitCategory() {
            return ExitCategory.UNREACHABLE;
        }
    }

    /**
     * A cluster did not accept who we are. While running this is retried (a credentials server may
     * be away for a while); at start-up it ends the command.
     */
    record NotAuthenticated(String cluster) implements Failure {
        @Override
        public boolean retryMayHelp() {
            return true;
        }

        @Override
        public ExitCategory exitCategory() {
            return ExitCategory.UNREACHABLE;
        }
    }

    /** A cluster gave no answer in time, or one that says "try again" (no leader yet, not enough replicas). */
    record Unreachable(String cluster) implements Failure {
        @Override
        public boolean retryMayHelp() {
            return true;
        }

        @Override
        public ExitCategory exitCategory() {
            return ExitCategory.UNREACHABLE;
        }
    }

    /** A safety check refused to go on: what it found stays so until an operator changes it. */
    record Refused() implements Failure {
        @Override
        public boolean retryMayHelp() {
            return false;
        }

        @Override
        public ExitCategory exitCategory() {
            return ExitCategory.REFUSED;
        }
    }

    /**
     * A cluster rejects a record or a request however often it is sent: a record larger than the
     * target accepts, an invalid setting, a request the broker does not support.
     */
    record Permanent(String cluster) implements Failure {
        @Override
        public boolean retryMayHelp() {
            return false;
        }

        @Override
        public ExitCategory exitCategory() {
            return ExitCategory.CHECK_FAILED;
        }
    }

    /** A write that failed for a while (the producer's delivery timeout, an interruption): a retry resumes it. */
    record Transient() implements Failure {
        @Override
        public boolean retryMayHelp() {
            return true;
        }

        @Override
        public ExitCategory exitCategory() {
            return ExitCategory.CHECK_FAILED;
        }
    }

    /**
     * A failure no one classified (a bug, a client error without a kind). Nothing says a retry
     * would not help, so a flow restarts; a command it ends exits 70.
     */
    record Unexpected() implements Failure {
        @Override
        public boolean retryMayHelp() {
            return true;
        }

        @Override
        public ExitCategory exitCategory() {
            return ExitCategory.INTERNAL;
        }
    }
}
