package dev.tandem.kafka;

import dev.tandem.failures.Failure;
import dev.tandem.failures.FailureClassifier;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Asks a cluster for its ID ({@code describeCluster}): how Tandem tells two clusters apart. */
public final class ClusterIdentity {

    private ClusterIdentity() {
    }

    /**
     * The cluster ID, or empty when the cluster does not answer within {@code timeout}.
     * Authentication and authorization failures are not "no answer": they are thrown.
     */
    public static Optional<String> probe(String cluster, Map<String, Object> clientConfig, Duration timeout) {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        int millis = (int) Math.max(500, timeout.toMillis());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        try (Admin admin = Admin.create(config)) {
            String id = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                    .clusterId().get(millis + 1000L, TimeUnit.MILLISECONDS);
            return Optional.ofNullable(id);
        } catch (ExecutionException e) {
            Failure failure = FailureClassifier.ofCall(cluster, "describe cluster", e.getCause());
            if (failure instanceof Failure.NotAuthorized || failure instanceof Failure.NotAuthenticated) {
                throw new ClusterUnreachableException(failure, cluster, "describe cluster", e.getCause());
            }
            return Optional.empty();
        } catch (TimeoutException | org.apache.kafka.common.KafkaException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
