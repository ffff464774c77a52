package dev.tandem.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Wire format of checkpoints in the compacted {@code __tandem.checkpoints} topic, version 1. UTF-8
 * JSON. Key: {@code {"v":1,"flow":F,"group":G,"topic":T,"partition":P}} (one key per flow, group
 * and source partition, so compaction keeps the latest). Value: {@code {"v":1,"sourceOffset":S,
 * "targetTopic":TT,"kind":"exact"|"ahead-of-replication"|"no-sync-point","targetOffset":O (absent
 * for no-sync-point),"notYetReplicated":N,"committedAt":ISO-8601,"checkpointedAt":ISO-8601,
 * "committedAfter":ISO-8601 (absent when unknown)}}.
 * A record without a value (tombstone) removes the key.
 */
public final class CheckpointRecordFormat {

    public static final int VERSION = 1;
    /** The compacted topic on each target cluster that holds the latest checkpoint of every flow, group and partition. */
    public static final String TOPIC = "__tandem.checkpoints";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointRecordFormat() {
    }

    public static byte[] key(Checkpoint checkpoint) {
        ObjectNode key = JSON.createObjectNode().put("v", VERSION).put("flow", checkpoint.flow())
                .put("group", checkpoint.group()).put("topic", checkpoint.sourceTopic())
                .put("partition", checkpoint.partition());
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(Checkpoint checkpoint) {
        ObjectNode value = JSON.createObjectNode().put("v", VERSION).put("sourceOffset", checkpoint.sourceOffset())
                .put("targetTopic", checkpoint.targetTopic()).put("kind", checkpoint.kind().wireName());
        checkpoint.targetOffset().ifPresent(offset -> value.put("targetOffset", offset));
        value.put("notYetReplicated", checkpoint.recordsNotYetReplicated())
                .put("committedAt", checkpoint.committedAt().toString())
                .put("checkpointedAt", checkpoint.checkpointedAt().toString());
        checkpoint.committedAfter().ifPresent(t -> value.put("committedAfter", t.toString()));
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The key of a record, decoded: which flow, group and source partition it is about. */
    public record Key(String flow, String group, Partition partition) {
    }

    public static Key decodeKey(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("checkpoint record without key");
        }
        JsonNode k = read(key, "key");
        checkVersion(k);
        return new Key(text(k, "flow"), text(k, "group"), new Partition(text(k, "topic"), k.path("partition").asInt()));
    }

    /** The checkpoint a record holds; empty for a tombstone. */
    public static Optional<Checkpoint> decode(byte[] key, byte[] value) {
        Key k = decodeKey(key);
        if (value == null) {
            return Optional.empty();
        }
        JsonNode v = read(value, "value");
        checkVersion(v);
        OptionalLong target = v.has("targetOffset") ? OptionalLong.of(v.get("targetOffset").asLong()) : OptionalLong.empty();
        CheckpointKind kind = CheckpointKind.fromWireName(text(v, "kind"));
        return Optional.of(new Checkpoint(k.flow(), k.group(), k.partition().topic(), k.partition().partition(),
                v.path("sourceOffset").asLong(), text(v, "targetTopic"),
                kind.translation(target, v.path("notYetReplicated").asLong()),
                Instant.parse(text(v, "committedAt")), Instant.parse(text(v, "checkpointedAt")),
                v.has("committedAfter") ? Optional.of(Instant.parse(text(v, "committedAfter"))) : Optional.empty()));
    }

    private static JsonNode read(byte[] bytes, String what) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("checkpoint record " + what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint record " + what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static void checkVersion(JsonNode node) {
        if (node.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("unsupported checkpoint record version " + node.path("v"));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("checkpoint record without " + field);
        }
        return value.asText();
    }
}
