package dev.tandem.mirrormaker2.takeover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * One record of a Kafka Connect offsets topic as MirrorMaker 2's source connector writes it
 * (Connect's JSON converter, schemas off): key {@code ["MirrorSourceConnector",{"cluster":"A",
 * "partition":0,"topic":"orders"}]}, value {@code {"offset":41}}, the offset of the last source
 * record it copied ({@code MirrorSourceTask} resumes at the next one). A null value is a tombstone:
 * the position was removed (Connect's offset reset).
 *
 * @param lastCopied empty for a tombstone
 */
public record ConnectOffsetRecord(String connector, String cluster, TopicPartition source, OptionalLong lastCopied) {

    /** The connector whose positions these are, in dedicated mode (its class's simple name). */
    public static final String SOURCE_CONNECTOR = "MirrorSourceConnector";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Decodes a record; throws IllegalArgumentException naming what does not fit. */
    public static ConnectOffsetRecord parse(byte[] key, byte[] value) {
        if (key == null) {
            throw new IllegalArgumentException("no key");
        }
        JsonNode k = read(key, "key");
        if (!k.isArray() || k.size() != 2 || !k.get(0).isTextual() || !k.get(1).isObject()) {
            throw new IllegalArgumentException("key is not [connector, {partition}]");
        }
        JsonNode partition = k.get(1);
        if (!partition.path("cluster").isTextual() || !partition.path("topic").isTextual()
                || !partition.path("partition").canConvertToInt()) {
            throw new IllegalArgumentException("key has no cluster, topic and partition");
        }
        OptionalLong lastCopied = OptionalLong.empty();
        if (value != null) {
            JsonNode offset = read(value, "value").path("offset");
            if (!offset.canConvertToLong()) {
                throw new IllegalArgumentException("value has no offset");
            }
            lastCopied = OptionalLong.of(offset.asLong());
        }
        return new ConnectOffsetRecord(k.get(0).asText(), partition.get("cluster").asText(),
                new TopicPartition(partition.get("topic").asText(), partition.get("partition").asInt()), lastCopied);
    }

    private static JsonNode read(byte[] bytes, String part) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(part + " is not JSON");
        }
    }
}
