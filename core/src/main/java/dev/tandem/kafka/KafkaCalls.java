package dev.tandem.kafka;

import dev.tandem.failures.Failure;
import dev.tandem.failures.FailureClassifier;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a Kafka admin or client future with a bound, and turns a failure into one exception
 * that names what was attempted and on which cluster: no call hangs, no error is anonymous.
 */
public final class KafkaCalls {

    /** How long one admin call may take before the cluster counts as unreachable. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private KafkaCalls() {
    }

    public static <T> T await(Future<T> future, String cluster, String attempted) {
        return await(future, cluster, attempted, DEFAULT_TIMEOUT);
    }

    public static <T> T await(Future<T> future, String cluster, String attempted, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw wrap(e.getCause(), cluster, attempted);
        } catch (TimeoutException e) {
            throw wrap(new TimeoutException("no answer within " + timeout.toSeconds() + " s"), cluster, attempted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + attempted + " on " + cluster, e);
        }
    }

    /**
     * A failure of a client call made without a future (a consumer's poll), told as {@link #await}
     * tells it: refused or unanswered calls are a {@link ClusterUnreachableException}, rejected ones a
     * {@link KafkaOperationException}, with the cluster and what was attempted.
     */
    public static RuntimeException failed(Throwable cause, String cluster, String attempted) {
        return wrap(cause, cluster, attempted);
    }

    /** Refused or unanswered calls are a {@link ClusterUnreachableException}; rejected ones a {@link KafkaOperationException}. */
    private static RuntimeException wrap(Throwable cause, String cluster, String attempted) {
        Failure failure = FailureClassifier.ofCall(cluster, attempted, cause);
        if (failure instanceof Failure.Permanent) {
            return new KafkaOperationException(failure, cluster, attempted, cause);
        }
        return new ClusterUnreachableException(failure, cluster, attempted, cause);
    }

    /**
     * Like {@link #await}, but a failure of type {@code expected} is an answer, not an error:
     * returns false for it (and true for success). Every other failure is thrown as by await.
     */
    public static boolean succeeds(Future<?> future, String cluster, String attempted,
                                   Class<? extends Throwable> expected) {
        try {
            await(future, cluster, attempted);
            return true;
        } catch (KafkaOperationException | ClusterUnreachableException e) {
            if (expected.isInstance(e.getCause())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Creates a topic unless it exists (another process may create it at the same moment).
     * Returns whether this call created it.
     */
    public static boolean createIfMissing(org.apache.kafka.clients.admin.Admin admin, String cluster,
                                          org.apache.kafka.clients.admin.NewTopic topic) {
        return succeeds(admin.createTopics(java.util.List.of(topic)).all(), cluster, "create topic " + topic.name(),
                org.apache.kafka.common.errors.TopicExistsException.class);
    }

    /** How many topics one create request carries: the controller creates them together. */
    static final int CREATE_BATCH = 200;

    /**
     * Creates the topics that do not exist, {@value #CREATE_BATCH} per request, the requests' answers
     * awaited together (each within the call bound); returns the names this call created. A topic
     * another process created meanwhile is not an error; any other refusal is thrown as by {@link #await}.
     */
    public static java.util.Set<String> createAllIfMissing(org.apache.kafka.clients.admin.Admin admin, String cluster,
                                                           java.util.List<org.apache.kafka.clients.admin.NewTopic> topics) {
        java.util.Map<String, org.apache.kafka.common.KafkaFuture<Void>> answers = new java.util.LinkedHashMap<>();
        for (int from = 0; from < topics.size(); from += CREATE_BATCH) {
            answers.putAll(admin.createTopics(topics.subList(from, Math.min(topics.size(), from + CREATE_BATCH))).values());
        }
        java.util.Set<String> created = new java.util.LinkedHashSet<>();
        answers.forEach((name, answer) -> {
            if (succeeds(answer, cluster, "create topic " + name, org.apache.kafka.common.errors.TopicExistsException.class)) {
                created.add(name);
            }
        });
        return created;
    }
}
