package dev.tandem.failures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.safety.RefusedException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** Each Kafka answer, however wrapped, is told as one failure with one retry rule and one exit category. */
class FailureClassifierTest {

    private static final TopicAuthorizationException TOPIC_DENIED = new TopicAuthorizationException(Set.of("orders", "billing"));

    @Test
    void aCallRefusedByAclsIsNotAuthorizedNamingClusterOperationAndResourceAndIsFatal() {
        Failure failure = FailureClassifier.ofCall("west", "describe topic orders", TOPIC_DENIED);

        assertThat(failure).isEqualTo(new Failure.NotAuthorized("west", "topic orders", "describe",
                ": " + TOPIC_DENIED.getMessage()));
        assertThat(((Failure.NotAuthorized) failure).describe())
                .isEqualTo("not authorized to describe topic orders on west: " + TOPIC_DENIED.getMessage());
        assertThat(failure.retryMayHelp()).isFalse();
        assertThat(failure.exitCategory()).isEqualTo(ExitCategory.UNREACHABLE);
    }

    @Test
    void aCallWhoseCredentialsAreRefusedIsNotAuthenticatedAndMayBeRetried() {
        Failure failure = FailureClassifier.ofCall("west", "list topics", new SaslAuthenticationException("bad password"));

        assertThat(failure).isEqualTo(new Failure.NotAuthenticated("west"));
        assertThat(failure.retryMayHelp()).isTrue();
        assertThat(failure.exitCategory()).isEqualTo(ExitCategory.UNREACHABLE);
    }

    @Test
    void aCallWithoutAnswerOrWithARetriableAnswerIsUnreachableAndMayBeRetried() {
        for (Throwable cause : new Throwable[] {new NetworkException("gone"), new TimeoutException("late"),
                new java.util.concurrent.TimeoutException("no answer within 30 s"),
                new UnknownTopicOrPartitionException("no such topic")}) {
            Failure failure = FailureClassifier.ofCall("west", "list topics", cause);

            assertThat(failure).as(cause.getClass().getSimpleName()).isEqualTo(new Failure.Unreachable("west"));
            assertThat(failure.retryMayHelp()).isTrue();
            assertThat(failure.exitCategory()).isEqualTo(ExitCategory.UNREACHABLE);
        }
    }

    @Test
    void aCallTheClusterRejectsIsPermanentAndExitsAsAFailedCheck() {
        Failure failure = FailureClassifier.ofCall("west", "create topic x", new InvalidConfigurationException("bad"));

        assertThat(failure).isEqualTo(new Failure.Permanent("west"));
        assertThat(failure.retryMayHelp()).isFalse();
        assertThat(failure.exitCategory()).isEqualTo(ExitCategory.CHECK_FAILED);
    }

    @Test
    void aRefusalInsideWrappersIsStillARefusal() {
        Throwable wrapped = new ExecutionException(new KafkaException("failed", TOPIC_DENIED));

        assertThat(FailureClassifier.ofCall("west", "describe topic orders", wrapped))
                .isInstanceOf(Failure.NotAuthorized.class);
        assertThat(FailureClassifier.ofWrite("west", "east.orders", wrapped)).isInstanceOf(Failure.NotAuthorized.class);
        assertThat(FailureClassifier.of(new RuntimeException(wrapped)).exitCategory()).isEqualTo(ExitCategory.UNREACHABLE);
    }

    @Test
    void aCallThatCouldNotBeAnsweredIsUnreachableEvenWhenTheCauseWouldBeRejectedElsewhere() {
        assertThat(FailureClassifier.ofUnanswered("east", "commit group g", new KafkaException("commit failed")))
                .isEqualTo(new Failure.Unreachable("east"));
        assertThat(FailureClassifier.ofUnanswered("east", "commit group g", new KafkaException(TOPIC_DENIED)))
                .isInstanceOf(Failure.NotAuthorized.class);
    }

    @Test
    void aWriteRefusedByAclsIsNotAuthorizedToWriteTheTopicOnTheTarget() {
        Failure failure = FailureClassifier.ofWrite("west", "east.orders", TOPIC_DENIED);

        assertThat(((Failure.NotAuthorized) failure).describe())
                .isEqualTo("not authorized to WRITE topic east.orders on west: " + TOPIC_DENIED.getMessage());
        assertThat(failure.retryMayHelp()).isFalse();
    }

    @Test
    void aWriteRefusedInsideAnExecutionExceptionTellsTheExecutionExceptionsWords() {
        ExecutionException failed = new ExecutionException(TOPIC_DENIED);

        assertThat(((Failure.NotAuthorized) FailureClassifier.ofWrite("west", "__tandem.sync-points", failed)).describe())
                .isEqualTo("not authorized to WRITE topic __tandem.sync-points on west: " + failed.getMessage());
    }

    @Test
    void aRecordTooLargeIsPermanentAndExitsAsAFailedCheck() {
        Failure failure = FailureClassifier.ofWrite("west", "east.orders", new RecordTooLargeException("too large"));

        assertThat(failure).isEqualTo(new Failure.Permanent("west"));
        assertThat(failure.retryMayHelp()).isFalse();
        assertThat(failure.exitCategory()).isEqualTo(ExitCategory.CHECK_FAILED);
    }

    @Test
    void aWriteThatTimedOutFailedRetriablyOrWasInterruptedIsTransient() {
        for (Throwable cause : new Throwable[] {new TimeoutException("expiring 3 records"),
                new NotEnoughReplicasException("1 of 3"), new InterruptedException(),
                new ExecutionException(new NetworkException("gone")), new java.util.concurrent.TimeoutException()}) {
            assertThat(FailureClassifier.ofWrite("west", "east.orders", cause)).as(cause.toString())
                    .isEqualTo(new Failure.Transient());
        }
        assertThat(new Failure.Transient().retryMayHelp()).isTrue();
    }

    @Test
    void aWriteWithUnacceptedCredentialsIsRetriedLikeAnyOtherAuthenticationFailureWhileRunning() {
        Failure failure = FailureClassifier.ofWrite("west", "east.orders", new SaslAuthenticationException("expired"));

        assertThat(failure).isEqualTo(new Failure.NotAuthenticated("west"));
        assertThat(failure.retryMayHelp()).isTrue();
    }

    @Test
    void theSourceConsumersTopicRefusalNamesTheTopicsSortedAndWhatToGrant() {
        Failure failure = FailureClassifier.ofFlow(new KafkaException(TOPIC_DENIED), "east (127.0.0.1:19092)",
                "tandem.replicator.f");

        assertThat(((Failure.NotAuthorized) failure).describe()).isEqualTo("not authorized to READ topic(s) billing,"
                + " orders on east (127.0.0.1:19092) (grant the replicator's principal READ and DESCRIBE on them)");
        assertThat(failure.retryMayHelp()).isFalse();
    }

    @Test
    void theSourceConsumersGroupRefusalNamesTheGroupOrTheFlowsGroupWhenKafkaDoesNot() {
        String source = "east (127.0.0.1:19092)";

        assertThat(((Failure.NotAuthorized) FailureClassifier.ofFlow(GroupAuthorizationException.forGroupId("g"),
                source, "tandem.replicator.f")).describe()).isEqualTo("not authorized to READ consumer group g on "
                + source + " (the replicators' group; grant READ on it)");
        assertThat(((Failure.NotAuthorized) FailureClassifier.ofFlow(new GroupAuthorizationException("denied"),
                source, "tandem.replicator.f")).resource()).isEqualTo("consumer group tandem.replicator.f");
    }

    @Test
    void anyOtherRefusalOfTheSourceIsFatalToo() {
        Failure failure = FailureClassifier.ofFlow(new ClusterAuthorizationException("no"), "east", "g");

        assertThat(failure).isInstanceOf(Failure.NotAuthorized.class);
        assertThat(failure.retryMayHelp()).isFalse();
    }

    @Test
    void aFlowsCallRefusedByAclsKeepsTheCallsClassification() {
        ClusterUnreachableException call = new ClusterUnreachableException("west", "describe topic east.orders",
                TOPIC_DENIED);

        assertThat(((Failure.NotAuthorized) FailureClassifier.ofFlow(call, "east (b)", "g")).describe())
                .isEqualTo("not authorized to " + call.getMessage());
    }

    @Test
    void theInnermostCarrierWinsSoARefusalInsideAFlowFailureIsARefusal() {
        RuntimeException flowFailure = new Carrier(new Failure.Permanent("west"),
                new RefusedException("flow f: east and west are one cluster"));

        Failure failure = FailureClassifier.of(flowFailure);

        assertThat(failure).isEqualTo(new Failure.Refused());
        assertThat(failure.retryMayHelp()).isFalse();
        assertThat(failure.exitCategory()).isEqualTo(ExitCategory.REFUSED);
    }

    @Test
    void aCarriersClassificationIsNotSecondGuessedFromTheKafkaErrorItCarries() {
        RuntimeException transientWrite = new Carrier(new Failure.Transient(), new NetworkException("gone"));

        assertThat(FailureClassifier.of(new RuntimeException(transientWrite))).isEqualTo(new Failure.Transient());
    }

    @Test
    void aFailureNoOneClassifiedIsUnexpectedRestartsAFlowAndExitsAsInternal() {
        for (Throwable failure : new Throwable[] {new IllegalStateException("bug"), new NetworkException("raw")}) {
            assertThat(FailureClassifier.of(failure)).isEqualTo(new Failure.Unexpected());
            assertThat(FailureClassifier.ofFlow(failure, "east", "g")).isEqualTo(new Failure.Unexpected());
        }
        assertThat(new Failure.Unexpected().retryMayHelp()).isTrue();
        assertThat(new Failure.Unexpected().exitCategory()).isEqualTo(ExitCategory.INTERNAL);
    }

    @Test
    void aRawRefusalAtTheEndOfACommandExitsAsUnreachable() {
        assertThat(FailureClassifier.of(new SaslAuthenticationException("no")).exitCategory())
                .isEqualTo(ExitCategory.UNREACHABLE);
        assertThat(FailureClassifier.of(new IllegalStateException("wrapped", TOPIC_DENIED)).exitCategory())
                .isEqualTo(ExitCategory.UNREACHABLE);
    }

    @Test
    void aSafetyChecksRefusalIsFatalAndExitsAsRefused() {
        Failure failure = new RefusedException("same cluster").failure();

        assertThat(failure.retryMayHelp()).isFalse();
        assertThat(failure.exitCategory()).isEqualTo(ExitCategory.REFUSED);
    }

    /** A flow failure as the replicator raises it: its own classification, wrapping what it stopped on. */
    private static final class Carrier extends RuntimeException implements Classified {
        private final Failure failure;

        Carrier(Failure failure, Throwable cause) {
            super("flow f: " + cause.getMessage(), cause);
            this.failure = failure;
        }

        @Override
        public Failure failure() {
            return failure;
        }
    }
}
