package dev.tandem.replicator.copy;

import dev.tandem.failures.Failure;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationFailedException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;

/**
 * The IDs of the source topics a session copies, as they were when their partitions were assigned, checked
 * again before each commit. A topic deleted and re-created with the same name while the flow's consumer did
 * not see it gone (a frozen process, a metadata refresh that missed it) keeps its partitions assigned and its
 * consumer its old position, which Kafka's consumer then fetches from in the new topic: copying on from there
 * would skip the new topic's first records without a word, and committing it would make that for good. The
 * check refuses the commit instead, and the session starts again: the new topic is then copied from its
 * first record (at-least-once: Kafka dropped the old topic's committed offsets; exactly-once: its positions
 * on the target name the old topic's ID).
 *
 * <p>A check the source does not answer within {@link #BOUND} passes (its consumer is not fetching either):
 * a topic re-created during a source outage is caught at the first commit after it. Left: a topic re-created
 * between a check and the commit it guards (the length of a save, milliseconds).
 *
 * <p>Thread-safe: an at-least-once flow checks on its save thread.
 */
final class SourceTopicWatch {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SourceTopicWatch.class);
    /** How long a check before a commit waits for the source: it delays the commit (exactly-once: the copy). */
    static final java.time.Duration BOUND = java.time.Duration.ofSeconds(5);

    private final Flow flow;
    private final SourceTopicIds ids;
    private final Map<String, Uuid> assigned = new ConcurrentHashMap<>();
    /** Assigned while the source did not answer: learned at the first check that gets an answer. */
    private final java.util.Set<String> unknown = ConcurrentHashMap.newKeySet();

    SourceTopicWatch(Flow flow, SourceTopicIds ids) {
        this.flow = flow;
        this.ids = ids;
    }

    /** The topics of partitions just assigned, with their IDs now. */
    void assigned(Map<String, Uuid> topicIds) {
        assigned.putAll(topicIds);
    }

    /**
     * Asks the source for the IDs of {@code topics} now and notes them as assigned. A source that does not
     * answer fails nothing: the first check that gets an answer learns them.
     */
    void assigned(Collection<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try {
            Map<String, Uuid> now = ids.of(new TreeSet<>(topics), BOUND);
            assigned(now);
            unknown.removeAll(now.keySet());
        } catch (RuntimeException cannotTell) {
            LOG.debug("flow {}: could not ask {} for the topic IDs of {}: {}", flow.name(), flow.source(), topics,
                    cannotTell.getMessage());
            topics.forEach(topic -> {
                assigned.remove(topic);
                unknown.add(topic);
            });
        }
    }

    /**
     * Asks the source for the IDs of {@code topics} now; throws if one of them is another topic than the one
     * assigned (a topic deleted meanwhile and not re-created yet passes: what was copied of it is its own).
     */
    void throwIfRecreated(Collection<String> topics) {
        Map<String, Uuid[]> recreated = recreatedAmong(topics);
        if (!recreated.isEmpty()) {
            throw refusal(recreated);
        }
    }

    /** Those of {@code topics} that are other topics now than when assigned: topic to {was, now}. */
    Map<String, Uuid[]> recreatedAmong(Collection<String> topics) {
        Map<String, Uuid> known = new TreeMap<>();
        java.util.Set<String> learn = new TreeSet<>();
        topics.forEach(topic -> {
            Uuid id = assigned.get(topic);
            if (id != null) {
                known.put(topic, id);
            } else if (unknown.contains(topic)) {
                learn.add(topic);
            }
        });
        if (known.isEmpty() && learn.isEmpty()) {
            return Map.of();
        }
        try {
            java.util.Set<String> asked = new TreeSet<>(known.keySet());
            asked.addAll(learn);
            Map<String, Uuid> now = ids.of(asked, BOUND);
            learn.forEach(topic -> {
                if (now.containsKey(topic)) {
                    assigned.put(topic, now.get(topic));
                    unknown.remove(topic);
                }
            });
            return recreated(known, now);
        } catch (RuntimeException cannotTell) {
            // the source does not answer now: its consumer does not fetch either; the next commit asks again
            LOG.debug("flow {}: could not check the topic IDs of {} on {}: {}", flow.name(), known.keySet(),
                    flow.source(), cannotTell.getMessage());
            return Map.of();
        }
    }

    /** The failure that ends the session: the line it tells, a restart to follow. */
    ReplicationFailedException refusal(Map<String, Uuid[]> recreated) {
        return new ReplicationFailedException("flow " + flow.name() + ": " + describe(recreated) + "; nothing copied"
                + " from it since is committed (the flow's consumer kept its position in the old topic, which would"
                + " skip the new topic's first records)", new Failure.Transient(), null);
    }

    private String describe(Map<String, Uuid[]> recreated) {
        StringBuilder told = new StringBuilder();
        recreated.forEach((topic, was) -> told.append(told.isEmpty() ? "" : "; ").append(flow.source()).append(' ')
                .append(topic).append(" was deleted and re-created while the flow copied it (topic ID ")
                .append(was[0]).append(", now ").append(was[1]).append(')'));
        return told + ": the new topic is copied from its first record, after the old one's";
    }

    /** The topics whose ID now differs from the one known: topic to {was, now}. Pure. */
    static Map<String, Uuid[]> recreated(Map<String, Uuid> known, Map<String, Uuid> now) {
        Map<String, Uuid[]> recreated = new TreeMap<>();
        known.forEach((topic, was) -> {
            Uuid id = now.get(topic);
            if (id != null && !id.equals(was)) {
                recreated.put(topic, new Uuid[] {was, id});
            }
        });
        return recreated;
    }
}
