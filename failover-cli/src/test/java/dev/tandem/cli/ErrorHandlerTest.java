package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.failures.FailureClassifier;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.replicator.ReplicationFailedException;
import dev.tandem.safety.RefusedException;
import dev.tandem.store.StoreException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one mapping from a failure to the README's exit code: the innermost classification wins. */
class ErrorHandlerTest {

    @Test
    void aRefusalInsideAFlowsFailureExitsFourWithTheFlowsOneLine() {
        RefusedException refused = new RefusedException("east and west are one cluster");
        ReplicationFailedException flowFailure = new ReplicationFailedException("flow f: " + refused.getMessage(),
                FailureClassifier.of(refused), refused);
        StringWriter err = new StringWriter();

        int code = new ErrorHandler().handleExecutionException(flowFailure,
                new CommandLine(new Noop()).setErr(new PrintWriter(err)), null);

        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err).hasToString("tandem: flow f: east and west are one cluster" + System.lineSeparator());
    }

    @Test
    void aRefusalExitsFourEvenUnderACarrierThatSaysOtherwise() {
        RefusedException refused = new RefusedException("stale checkpoint");
        ReplicationFailedException mislabelled = new ReplicationFailedException("flow f: " + refused.getMessage(),
                FailureClassifier.ofWrite("west", "t", new RecordTooLargeException("x")), refused);

        assertThat(ErrorHandler.exitCode(mislabelled)).isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void aRecordTheTargetRejectsForGoodExitsOne() {
        RecordTooLargeException tooLarge = new RecordTooLargeException("too large");

        assertThat(ErrorHandler.exitCode(new ReplicationFailedException("flow f: record t-0 offset 1 is too large",
                FailureClassifier.ofWrite("west", "east.t", tooLarge), tooLarge))).isEqualTo(ExitCodes.CHECK_FAILED);
    }

    @Test
    void aRefusalByAclsOrOfCredentialsExitsFiveWhereverItSurfaced() {
        TopicAuthorizationException denied = new TopicAuthorizationException(Set.of("east.t"));

        assertThat(ErrorHandler.exitCode(new ReplicationFailedException("flow f: not authorized",
                FailureClassifier.ofWrite("west", "east.t", denied), denied))).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(ErrorHandler.exitCode(new ClusterUnreachableException("west", "list topics", denied)))
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(ErrorHandler.exitCode(new IllegalStateException("raw", new SaslAuthenticationException("no"))))
                .isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void aClusterOrStoreThatDoesNotAnswerExitsFive() {
        assertThat(ErrorHandler.exitCode(new ClusterUnreachableException("west", "describe cluster",
                new java.util.concurrent.TimeoutException("no answer within 30 s")))).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(ErrorHandler.exitCode(new StoreException("open the store", new java.sql.SQLException("down"))))
                .isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void theCommandsOwnInputErrorsKeepTheirCodes() {
        assertThat(ErrorHandler.exitCode(new UsageException("--canaries must be at least 1"))).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aFailureNoOneClassifiedIsAnInternalErrorTellingHowToSeeMore() {
        StringWriter err = new StringWriter();

        int code = new ErrorHandler().handleExecutionException(new IllegalStateException("oops"),
                new CommandLine(new Noop()).setErr(new PrintWriter(err)), null);

        assertThat(code).isEqualTo(ExitCodes.INTERNAL);
        assertThat(err.toString()).startsWith("tandem: IllegalStateException: oops").contains("rerun with -v");
    }

    @Command(name = "noop")
    private static final class Noop implements Runnable {
        @Override
        public void run() {
        }
    }
}
