package dev.tandem.replicator.copy;

import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.Uuid;

/**
 * What a flow writes in the metadata of the offsets it commits, {@code ;}-separated entries:
 * {@code source-topic-id=<ID>} (an exactly-once position on the target: the source topic it was
 * committed for, so that a topic deleted and re-created under its name is not resumed at the old
 * topic's offset) and {@code replica-end=N} (where the replica partition ended then: a later copy
 * landing before it means the replica was deleted and re-created, or truncated). Each is empty when
 * unknown; metadata of anything else (another tool's, an offset reset, an older version's) reads as
 * neither.
 */
record CommitMetadata(Optional<Uuid> sourceTopicId, OptionalLong replicaEnd) {

    static final String SOURCE_TOPIC_ID = "source-topic-id=";
    static final String REPLICA_END = "replica-end=";

    /** Whether it names a source topic ID other than {@code now} (the topic was re-created since): false if either is unknown. */
    boolean forAnotherTopicThan(Uuid now) {
        return now != null && sourceTopicId.filter(id -> !id.equals(now)).isPresent();
    }

    String format() {
        StringBuilder text = new StringBuilder();
        sourceTopicId.ifPresent(id -> text.append(SOURCE_TOPIC_ID).append(id));
        replicaEnd.ifPresent(end -> text.append(text.isEmpty() ? "" : ";").append(REPLICA_END).append(end));
        return text.toString();
    }

    /** What a committed offset's metadata names (nothing for no committed offset). */
    static CommitMetadata of(org.apache.kafka.clients.consumer.OffsetAndMetadata committed) {
        return parse(committed == null ? null : committed.metadata());
    }

    static CommitMetadata parse(String metadata) {
        Optional<Uuid> id = Optional.empty();
        OptionalLong end = OptionalLong.empty();
        if (metadata != null) {
            for (String entry : metadata.split(";")) {
                try {
                    if (entry.startsWith(SOURCE_TOPIC_ID)) {
                        id = Optional.of(Uuid.fromString(entry.substring(SOURCE_TOPIC_ID.length())));
                    } else if (entry.startsWith(REPLICA_END)) {
                        end = OptionalLong.of(Long.parseLong(entry.substring(REPLICA_END.length())));
                    }
                } catch (IllegalArgumentException notOurs) {
                    // a malformed entry names nothing (NumberFormatException is one too)
                }
            }
        }
        return new CommitMetadata(id, end);
    }
}
