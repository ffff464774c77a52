package dev.tandem.offsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Wire format of sync points in the {@code __tandem.sync-points} topic, version 1. UTF-8 JSON:
 * key {@code {"v":1,"flow":F,"topic":T,"partition":P,"sourceOffset":S}}, value
 * {@code {"v":1,"targetTopic":TT,"targetOffset":O,"endsSegment":B,"time":ISO-8601}}. One key per
 * source offset; readers apply records in topic order with {@link SyncPointHistory}.
 */
public final class SyncPointRecordFormat {

    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncPointRecordFormat() {
    }

    public static byte[] key(String flow, SyncPoint point) {
        ObjectNode key = JSON.createObjectNode().put("v", VERSION).put("flow", flow).put("topic", point.sourceTopic())
                .put("partition", point.partition()).put("sourceOffset", point.sourceOffset());
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(String targetTopic, SyncPoint point) {
        ObjectNode value = JSON.createObjectNode().put("v", VERSION).put("targetTopic", targetTopic)
                .put("targetOffset", point.targetOffset()).put("endsSegment", point.endsSegment())
                .put("time", point.time().toString());
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A decoded record: the flow it belongs to and its sync point. */
    public record Decoded(String flow, String targetTopic, SyncPoint point) {
    }

    public static Decoded decode(byte[] key, byte[] value) {
        try {
            JsonNode k = JSON.readTree(key);
            JsonNode v = JSON.readTree(value);
            if (k.path("v").asInt() != VERSION || v.path("v").asInt() != VERSION) {
                throw new IllegalArgumentException("unsupported sync point record version " + k.path("v"));
            }
            return new Decoded(k.get("flow").asText(), v.get("targetTopic").asText(),
                    new SyncPoint(k.get("topic").asText(), k.get("partition").asInt(), k.get("sourceOffset").asLong(),
                            v.get("targetOffset").asLong(), Instant.parse(v.get("time").asText()),
                            v.get("endsSegment").asBoolean()));
        } catch (IOException e) {
            throw new UncheckedIOException("undecodable sync point record", e);
        }
    }
}
