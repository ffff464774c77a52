package dev.tandem.kafka;

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
            throw new ClusterUnreachableException(cluster, attempted,
                    new TimeoutException("no answer within " + timeout.toSeconds() + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + attempted + " on " + cluster, e);
        }
    }

    private static RuntimeException wrap(Throwable cause, String cluster, String attempted) {
        if (cause instanceof org.apache.kafka.common.errors.RetriableException
                || cause instanceof org.apache.kafka.common.errors.AuthenticationException
                || cause instanceof org.apache.kafka.common.errors.AuthorizationException) {
            return new ClusterUnreachableException(cluster, attempted, cause);
        }
        return new KafkaOperationException(cluster, attempted, cause);
    }

    /**
     * Creates a topic unless it exists (another process may create it at the same moment).
     * Returns whether this call created it.
     */
    public static boolean createIfMissing(org.apache.kafka.clients.admin.Admin admin, String cluster,
                                          org.apache.kafka.clients.admin.NewTopic topic) {
        try {
            admin.createTopics(java.util.List.of(topic)).all().get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
                return false;
            }
            throw wrap(e.getCause(), cluster, "create topic " + topic.name());
        } catch (TimeoutException e) {
            throw new ClusterUnreachableException(cluster, "create topic " + topic.name(),
                    new TimeoutException("no answer within " + DEFAULT_TIMEOUT.toSeconds() + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic.name() + " on " + cluster, e);
        }
    }
}
