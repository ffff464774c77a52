package dev.tandem.failures;

import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * The one place that tells what a failure is ({@link Failure}), from what was attempted and what
 * Kafka answered. Exceptions raised where the cluster and the call are known carry the answer
 * ({@link Classified}); in a chain of exceptions the innermost carrier wins, since it was told
 * where the most was known. A Kafka error that no carrier holds (a consumer's poll) is classified
 * from its type.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    /**
     * A call to {@code cluster} (an admin request, a commit) failed with {@code cause}: refused
     * (authorization, authentication), unanswered (a timeout or a retriable error), or rejected.
     *
     * @param attempted what was asked, verb first: "describe topic orders"
     */
    public static Failure ofCall(String cluster, String attempted, Throwable cause) {
        return callRefusal(cluster, attempted, cause).orElseGet(() -> isUnanswered(unwrap(cause))
                ? new Failure.Unreachable(cluster) : new Failure.Permanent(cluster));
    }

    /**
     * A call to {@code cluster} is known to have got no usable answer: it refused us, or it did
     * not answer at all.
     */
    public static Failure ofUnanswered(String cluster, String attempted, Throwable cause) {
        return callRefusal(cluster, attempted, cause).orElseGet(() -> new Failure.Unreachable(cluster));
    }

    /**
     * Writing a record to {@code topic} on {@code cluster} failed with {@code failure} (as the
     * producer's callback or future gave it): refused, transient (a retry resumes it) or
     * permanent (a record too large, for one).
     */
    public static Failure ofWrite(String cluster, String topic, Throwable failure) {
        Optional<Failure> refused = refusal(failure, cluster, denied -> new Failure.NotAuthorized(cluster,
                "topic " + topic, "WRITE", ": " + failure.getMessage()));
        if (refused.isPresent()) {
            return refused.get();
        }
        Throwable answer = unwrap(failure);
        if (answer instanceof InterruptedException || isUnanswered(answer)) {
            return new Failure.Transient();
        }
        return new Failure.Permanent(cluster);
    }

    /**
     * What ended a flow's session: the classification its exceptions carry, or, for what the
     * source consumer raised itself, a refusal to READ on {@code source} (its topics, or its
     * consumer group {@code group}), told with what to grant.
     */
    public static Failure ofFlow(Throwable failure, String source, String group) {
        return carried(failure).orElseGet(() -> refusal(failure, source, denied -> readRefused(denied, source, group))
                .orElseGet(Failure.Unexpected::new));
    }

    /**
     * What a failure is wherever it surfaced (a command's end): as carried, else as its Kafka error
     * says; a refusal raised outside any classified call names no cluster or operation ("?"), its
     * exception's message does.
     */
    public static Failure of(Throwable failure) {
        return carried(failure).orElseGet(() -> refusal(failure, "?", denied -> new Failure.NotAuthorized("?",
                resourceOf(denied), "?", ": " + denied.getMessage())).orElseGet(Failure.Unexpected::new));
    }

    /** What a safety check's refusal is. */
    public static Failure ofSafetyCheck() {
        return new Failure.Refused();
    }

    /** What the innermost cause says: its message, or its type when it has none. */
    public static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private static Optional<Failure> callRefusal(String cluster, String attempted, Throwable cause) {
        int space = attempted.indexOf(' ');
        String operation = space < 0 ? attempted : attempted.substring(0, space);
        String resource = space < 0 ? "" : attempted.substring(space + 1);
        return refusal(cause, cluster, denied -> new Failure.NotAuthorized(cluster, resource, operation,
                ": " + rootMessage(cause)));
    }

    private static Failure.NotAuthorized readRefused(AuthorizationException denied, String source, String group) {
        if (denied instanceof TopicAuthorizationException topics) {
            return new Failure.NotAuthorized(source, "topic(s) " + String.join(", ",
                    new TreeSet<>(topics.unauthorizedTopics())), "READ",
                    " (grant the replicator's principal READ and DESCRIBE on them)");
        }
        if (denied instanceof GroupAuthorizationException refusedGroup) {
            return new Failure.NotAuthorized(source, "consumer group "
                    + (refusedGroup.groupId() == null ? group : refusedGroup.groupId()), "READ",
                    " (the replicators' group; grant READ on it)");
        }
        return new Failure.NotAuthorized(source, resourceOf(denied), "use", ": " + denied.getMessage());
    }

    private static String resourceOf(AuthorizationException denied) {
        if (denied instanceof TopicAuthorizationException topics) {
            return "topic(s) " + String.join(", ", new TreeSet<>(topics.unauthorizedTopics()));
        } else if (denied instanceof GroupAuthorizationException group) {
            return "consumer group " + group.groupId();
        } else if (denied instanceof ClusterAuthorizationException) {
            return "the cluster";
        } else if (denied instanceof TransactionalIdAuthorizationException) {
            return "a transactional id";
        }
        return "a resource";
    }

    /** The innermost authorization or authentication error of the chain, as a failure on {@code cluster}. */
    private static Optional<Failure> refusal(Throwable failure, String cluster,
                                             java.util.function.Function<AuthorizationException, Failure> denial) {
        Failure found = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthorizationException denied) {
                found = denial.apply(denied);
            } else if (t instanceof AuthenticationException) {
                found = new Failure.NotAuthenticated(cluster);
            }
        }
        return Optional.ofNullable(found);
    }

    /** The classification of the innermost exception that carries one. */
    private static Optional<Failure> carried(Throwable failure) {
        Failure found = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Classified classified) {
                found = classified.failure();
            }
        }
        return Optional.ofNullable(found);
    }

    /** No answer in time, or one that says "try again". */
    private static boolean isUnanswered(Throwable answer) {
        return answer instanceof RetriableException // Kafka's TimeoutException among them
                || answer instanceof java.util.concurrent.TimeoutException;
    }

    /** What a future's failure is about, without the future's own wrapping. */
    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
