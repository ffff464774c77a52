package dev.tandem.replicator.copy;

import dev.tandem.replicator.ReplicationFailedException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/** Turns a failed send into a message an operator can act on: which record, which cluster, what to change. */
final class SendFailures {

    private SendFailures() {
    }

    static ReplicationFailedException describe(Exception e, String flow, String target, String sourceTopic,
                                               int partition, long offset, String replica, int bytes) {
        String record = "flow " + flow + ": record " + sourceTopic + "-" + partition + " offset " + offset;
        if (e instanceof RecordTooLargeException) {
            return new ReplicationFailedException(record + " (" + bytes + " bytes) is larger than " + target
                    + " accepts for " + replica + ": raise max.message.bytes of topic " + replica + " on " + target
                    + " (or message.max.bytes of its brokers)", false, e);
        }
        if (e instanceof TopicAuthorizationException || e instanceof AuthorizationException) {
            return new ReplicationFailedException(record + ": not authorized to WRITE topic " + replica + " on "
                    + target + ": " + e.getMessage(), false, e);
        }
        boolean recoverable = e instanceof RetriableException
                || e instanceof org.apache.kafka.common.errors.TimeoutException;
        return new ReplicationFailedException(record + ": writing to " + replica + " on " + target + " failed: "
                + e.getMessage(), recoverable, e);
    }
}
