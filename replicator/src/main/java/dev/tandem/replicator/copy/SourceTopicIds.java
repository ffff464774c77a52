package dev.tandem.replicator.copy;

import dev.tandem.kafka.KafkaCalls;
import dev.tandem.playbook.Flow;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topic IDs of source topics: an exactly-once flow writes its source topic's ID with each position it
 * commits on the target, so that a topic deleted and re-created under the same name (a new ID, offsets
 * from 0 again) is not resumed at the old topic's position (which would skip the new topic's first
 * records without a word once it has that many).
 */
@FunctionalInterface
public interface SourceTopicIds {

    /** Knows no ID: every position is resumed as committed. */
    SourceTopicIds NONE = topics -> Map.of();

    /** The ID of each of {@code topics} that exists. */
    Map<String, Uuid> of(Collection<String> topics);

    /** As {@link #of}, giving up after {@code bound} (a lambda's own bound, if it has one). */
    default Map<String, Uuid> of(Collection<String> topics, Duration bound) {
        return of(topics);
    }

    /** From the flow's source cluster. */
    static SourceTopicIds of(Admin source, Flow flow) {
        return new SourceTopicIds() {
            @Override
            public Map<String, Uuid> of(Collection<String> topics) {
                return of(topics, KafkaCalls.DEFAULT_TIMEOUT);
            }

            @Override
            public Map<String, Uuid> of(Collection<String> topics, Duration bound) {
                Map<String, Uuid> ids = new HashMap<>();
                // the admin gives up then too: checks that time out do not pile up in it
                source.describeTopics(topics, new org.apache.kafka.clients.admin.DescribeTopicsOptions()
                        .timeoutMs((int) bound.toMillis())).topicNameValues().forEach((name, description) -> {
                    try {
                        ids.put(name, KafkaCalls.await(description, flow.source(), "describe topic " + name, bound)
                                .topicId());
                    } catch (RuntimeException e) {
                        if (!dev.tandem.failures.Causes.inChain(e, UnknownTopicOrPartitionException.class)) {
                            throw e;
                        }
                        // deleted meanwhile: its partitions are revoked at the next refresh
                    }
                });
                return ids;
            }
        };
    }
}
