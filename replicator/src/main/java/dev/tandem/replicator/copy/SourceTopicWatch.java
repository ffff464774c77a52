package dev.tandem.replicator.copy;

import dev.tandem.failures.Failure;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationFailedException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ID of the source topic each partition of a session was assigned with, checked again before each
 * commit. A topic deleted and re-created with the same name while the flow's consumer did not see it gone (a
 * frozen process, a metadata refresh that missed it) keeps its partitions assigned and its consumer its old
 * position, which Kafka's consumer then fetches from in the new topic: copying on from there would skip the
 * new topic's first records without a word, and committing it would make that for good. The check refuses the
 * commit instead, and the session starts again: the new topic is then copied from its first record (its
 * committed offsets, where any, name the old topic's ID: see {@link CommitMetadata}).
 *
 * <p>Per partition, not per topic: a partition of the topic assigned later, after the re-creation, is the new
 * topic's, while one kept since is still the old one's.
 *
 * <p>A check the source does not answer within {@link #BOUND} (2 s) passes (its consumer is not fetching either),
 * with a WARN the first time after one that got an answer; a partition assigned while the source did not
 * answer (or, at-least-once, without a committed offset naming its topic's ID: a new flow's) takes the ID of the
 * first check that gets one. Left: a topic re-created between a check and the
 * commit it guards, or unseen while the source did not answer; either is caught at the next assignment by
 * the topic ID in the committed offset's metadata.
 *
 * <p>Thread-safe: an at-least-once flow checks on its save thread.
 */
final class SourceTopicWatch {

    private static final Logger LOG = LoggerFactory.getLogger(SourceTopicWatch.class);
    /**
     * How long a check before a commit waits for the source: it delays the commit (exactly-once: the copy), and
     * an at-least-once save that takes more than 5 s pauses the copy, so well under that.
     */
    static final Duration BOUND = Duration.ofSeconds(2);

    private final Flow flow;
    private final SourceTopicIds ids;
    private final Map<TopicPartition, Uuid> assigned = new ConcurrentHashMap<>();
    /** Assigned while the source did not answer: learned at the first check that gets an answer. */
    private final Set<TopicPartition> unknown = ConcurrentHashMap.newKeySet();
    private volatile boolean unanswered;

    SourceTopicWatch(Flow flow, SourceTopicIds ids) {
        this.flow = flow;
        this.ids = ids;
    }

    /** Partitions just assigned, with their topics' IDs now ({@code topicIds}: those the source named). */
    void assigned(Collection<TopicPartition> partitions, Map<String, Uuid> topicIds) {
        partitions.forEach(tp -> {
            Uuid id = topicIds.get(tp.topic());
            if (id != null) {
                assigned.put(tp, id);
                unknown.remove(tp);
            } else {
                assigned.remove(tp);
                unknown.add(tp);
            }
        });
    }

    /**
     * Asks the source for the IDs of the topics of partitions just assigned, notes them and returns them. A
     * source that does not answer fails nothing (an empty answer): the first check that gets one learns them.
     */
    Map<String, Uuid> assigned(Collection<TopicPartition> partitions) {
        Map<String, Uuid> now = partitions.isEmpty() ? Map.of() : ask(topicsOf(partitions));
        assigned(partitions, now);
        return now;
    }

    /** The ID of the topic {@code tp} was assigned with, if known. */
    Optional<Uuid> idOf(TopicPartition tp) {
        return Optional.ofNullable(assigned.get(tp));
    }

    /**
     * Asks the source for the IDs of the topics of {@code partitions} now; throws if one is another topic than
     * the one assigned (a topic deleted meanwhile and not re-created yet passes: what was copied of it is its own).
     */
    void throwIfRecreated(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Change> recreated = recreatedAmong(partitions);
        if (!recreated.isEmpty()) {
            throw refusal(recreated);
        }
    }

    /** The topic ID a partition was assigned with, and its topic's ID now. */
    record Change(Uuid was, Uuid now) {
    }

    /** Those of {@code partitions} whose topic is another one now than when assigned. */
    Map<TopicPartition, Change> recreatedAmong(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Uuid> known = new java.util.HashMap<>();
        Set<TopicPartition> learn = new java.util.HashSet<>();
        partitions.forEach(tp -> {
            Uuid id = assigned.get(tp);
            if (id != null) {
                known.put(tp, id);
            } else if (unknown.contains(tp)) {
                learn.add(tp);
            }
        });
        if (known.isEmpty() && learn.isEmpty()) {
            return Map.of();
        }
        Set<String> asked = topicsOf(known.keySet());
        asked.addAll(topicsOf(learn));
        Map<String, Uuid> now = ask(asked);
        assigned(learn.stream().filter(tp -> now.containsKey(tp.topic())).toList(), now);
        return recreated(known, now);
    }

    /** The failure that ends the session: the line it tells, a restart to follow. */
    ReplicationFailedException refusal(Map<TopicPartition, Change> recreated) {
        Map<String, Change> byTopic = new TreeMap<>();
        recreated.forEach((tp, change) -> byTopic.putIfAbsent(tp.topic(), change));
        StringBuilder told = new StringBuilder();
        byTopic.forEach((topic, change) -> told.append(told.isEmpty() ? "" : "; ").append(flow.source()).append(' ')
                .append(topic).append(" was deleted and re-created while the flow copied it (topic ID ")
                .append(change.was()).append(", now ").append(change.now()).append(')'));
        return new ReplicationFailedException("flow " + flow.name() + ": " + told + ": the new topic is copied from"
                + " its first record, after the old one's; nothing copied from it since is committed (the flow's"
                + " consumer kept its position in the old topic, which would skip the new topic's first records)",
                new Failure.Transient(), null);
    }

    /** The partitions whose topic's ID now differs from the one known. Pure. */
    static Map<TopicPartition, Change> recreated(Map<TopicPartition, Uuid> known, Map<String, Uuid> now) {
        Map<TopicPartition, Change> recreated = new java.util.HashMap<>();
        known.forEach((tp, was) -> {
            Uuid id = now.get(tp.topic());
            if (id != null && !id.equals(was)) {
                recreated.put(tp, new Change(was, id));
            }
        });
        return recreated;
    }

    private Map<String, Uuid> ask(Set<String> topics) {
        try {
            Map<String, Uuid> now = ids.of(topics, BOUND);
            unanswered = false;
            return now;
        } catch (RuntimeException cannotTell) {
            // the source does not answer now: its consumer does not fetch either; the next commit asks again
            if (!unanswered) {
                LOG.warn("flow {}: could not ask {} for the topic IDs of {} (to tell a topic re-created under the"
                        + " flow): {}; committing without that check until it answers", flow.name(), flow.source(),
                        topics.size() <= 5 ? topics : topics.size() + " topics", cannotTell.getMessage());
            }
            unanswered = true;
            return Map.of();
        }
    }

    private static Set<String> topicsOf(Collection<TopicPartition> partitions) {
        Set<String> topics = new TreeSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        return topics;
    }
}
