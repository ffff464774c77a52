package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.failures.Failure;
import dev.tandem.replicator.ReplicationFailedException;
import java.util.Set;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.junit.jupiter.api.Test;

/** A failed send names the record, the target and what to change, and carries the classifier's verdict. */
class SendFailuresTest {

    private static ReplicationFailedException failed(Exception e) {
        return SendFailures.describe(e, "f", "west", "orders", 0, 7, "east.orders", 1_048_500);
    }

    @Test
    void aRecordTooLargeIsFatalAndSaysWhichSettingToRaise() {
        ReplicationFailedException e = failed(new RecordTooLargeException("too large"));

        assertThat(e).hasMessage("flow f: record orders-0 offset 7 (1048500 bytes) is larger than west accepts for"
                + " east.orders: raise max.message.bytes of topic east.orders on west (or message.max.bytes of its brokers)");
        assertThat(e.failure()).isEqualTo(new Failure.Permanent("west"));
    }

    @Test
    void aWriteTheTargetsAclsDenyIsFatalNamingTopicClusterAndOperation() {
        TopicAuthorizationException denied = new TopicAuthorizationException(Set.of("east.orders"));

        ReplicationFailedException e = failed(denied);

        assertThat(e).hasMessage("flow f: record orders-0 offset 7: not authorized to WRITE topic east.orders on west: "
                + denied.getMessage());
        assertThat(e.failure().retryMayHelp()).isFalse();
    }

    @Test
    void aRetriableSendFailureRestartsTheFlow() {
        ReplicationFailedException e = failed(new NotEnoughReplicasException("1 of 3 in sync"));

        assertThat(e).hasMessage("flow f: record orders-0 offset 7: writing to east.orders on west failed: 1 of 3 in sync");
        assertThat(e.failure()).isEqualTo(new Failure.Transient());
    }

    @Test
    void anyOtherSendFailureIsFatal() {
        assertThat(failed(new UnknownServerException("broken")).failure().retryMayHelp()).isFalse();
    }
}
