package dev.tandem.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tandem.failures.ExitCategory;
import dev.tandem.failures.Failure;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;

/** A bounded call fails as one exception naming call and cluster, carrying how the failure is classified. */
class KafkaCallsTest {

    @Test
    void aCallWithoutAnswerWithinTheBoundIsUnreachableNamingTheCluster() {
        Throwable thrown = catchThrowable(() -> KafkaCalls.await(new CompletableFuture<>(), "west (127.0.0.1:29092)",
                "describe cluster", Duration.ofMillis(20)));

        assertThat(thrown).isInstanceOf(ClusterUnreachableException.class)
                .hasMessage("describe cluster on west (127.0.0.1:29092): no answer within 0 s");
        assertThat(((ClusterUnreachableException) thrown).failure())
                .isEqualTo(new Failure.Unreachable("west (127.0.0.1:29092)"));
        assertThat(((ClusterUnreachableException) thrown).cluster()).isEqualTo("west (127.0.0.1:29092)");
    }

    @Test
    void aCallRefusedByAclsIsClusterUnreachableCarryingNotAuthorized() {
        TopicAuthorizationException denied = new TopicAuthorizationException(Set.of("orders"));

        Throwable thrown = catchThrowable(() -> KafkaCalls.await(CompletableFuture.failedFuture(denied), "west",
                "describe topic orders"));

        assertThat(thrown).isInstanceOf(ClusterUnreachableException.class)
                .hasMessage("describe topic orders on west: " + denied.getMessage()).hasCause(denied);
        Failure failure = ((ClusterUnreachableException) thrown).failure();
        assertThat(failure).isInstanceOf(Failure.NotAuthorized.class);
        assertThat(failure.retryMayHelp()).isFalse();
        assertThat(failure.exitCategory()).isEqualTo(ExitCategory.UNREACHABLE);
    }

    @Test
    void aCallWhoseCredentialsAreRefusedIsClusterUnreachableCarryingNotAuthenticated() {
        Throwable thrown = catchThrowable(() -> KafkaCalls.await(CompletableFuture.failedFuture(
                new SaslAuthenticationException("bad password")), "west", "list topics"));

        assertThat(((ClusterUnreachableException) thrown).failure()).isEqualTo(new Failure.NotAuthenticated("west"));
    }

    @Test
    void aCallTheClusterRejectsIsAKafkaOperationExceptionCarryingPermanent() {
        Throwable thrown = catchThrowable(() -> KafkaCalls.await(CompletableFuture.failedFuture(
                new InvalidConfigurationException("bad setting")), "west", "create topic x"));

        assertThat(thrown).isInstanceOf(KafkaOperationException.class).hasMessage("create topic x on west: bad setting");
        assertThat(((KafkaOperationException) thrown).failure()).isEqualTo(new Failure.Permanent("west"));
    }

    @Test
    void anExpectedFailureIsAnAnswerNotAnError() {
        assertThat(KafkaCalls.succeeds(CompletableFuture.failedFuture(new TopicExistsException("exists")), "west",
                "create topic x", TopicExistsException.class)).isFalse();
        assertThat(KafkaCalls.succeeds(CompletableFuture.completedFuture(null), "west", "create topic x",
                TopicExistsException.class)).isTrue();
    }
}
