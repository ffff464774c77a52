package dev.tandem.replicator;

import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import java.util.Optional;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * A flow's failure that is a cluster's ACLs saying no, told as the operator must fix it: which
 * cluster, which topic or group, which operation. Writes refused by the target are described where
 * they fail ({@code SendFailures}, {@code TopicSyncPointSink}); this covers the source consumer and
 * the admin calls. (An authentication failure while running is retried: a credentials server may
 * be away for a while; at start-up it ends the command, exit 5.)
 */
final class Denials {

    private Denials() {
    }

    static Optional<String> describe(Flow flow, Playbook playbook, Throwable failure) {
        String source = flow.source() + " (" + playbook.cluster(flow.source()).bootstrap() + ")";
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClusterUnreachableException unreachable && isDenial(unreachable.getCause())) {
                // An admin call: its message names the operation, the topic and the cluster already.
                return Optional.of("flow " + flow.name() + ": not authorized to " + unreachable.getMessage());
            }
            if (t instanceof TopicAuthorizationException topics) {
                return Optional.of("flow " + flow.name() + ": not authorized to READ topic(s) "
                        + String.join(", ", new java.util.TreeSet<>(topics.unauthorizedTopics())) + " on " + source
                        + " (grant the replicator's principal READ and DESCRIBE on them)");
            }
            if (t instanceof GroupAuthorizationException group) {
                return Optional.of("flow " + flow.name() + ": not authorized to READ consumer group "
                        + (group.groupId() == null ? "tandem.replicator." + flow.name() : group.groupId()) + " on "
                        + source + " (the replicators' group; grant READ on it)");
            }
        }
        return Optional.empty();
    }

    private static boolean isDenial(Throwable cause) {
        return cause instanceof AuthorizationException;
    }
}
