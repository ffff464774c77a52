package dev.tandem.replicator.copy;

import dev.tandem.failures.Failure;
import dev.tandem.failures.FailureClassifier;
import dev.tandem.replicator.ReplicationFailedException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/** Turns a failed send into a message an operator can act on: which record, which cluster, what to change. */
final class SendFailures {

    private SendFailures() {
    }

    static ReplicationFailedException describe(Exception e, String flow, String target, String sourceTopic,
                                               int partition, long offset, String replica, int bytes) {
        String record = "flow " + flow + ": record " + sourceTopic + "-" + partition + " offset " + offset;
        Failure failure = FailureClassifier.ofWrite(target, replica, e);
        String message;
        if (failure instanceof Failure.NotAuthorized denied) {
            message = record + ": " + denied.describe();
        } else if (e instanceof RecordTooLargeException) {
            // Permanent, as classified; this is only what to raise.
            message = record + " (" + bytes + " bytes) is larger than " + target + " accepts for " + replica
                    + ": raise max.message.bytes of topic " + replica + " on " + target
                    + " (or message.max.bytes of its brokers)";
        } else {
            message = record + ": writing to " + replica + " on " + target + " failed: " + e.getMessage();
        }
        return new ReplicationFailedException(message, failure, e);
    }
}
