package dev.tandem.verifier.canary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One canary record: the verification run it belongs to, the source partition it was sent to,
 * its sequence number in that partition within the run, and when it was sent. Wire format,
 * version 1: key {@code run/partition/sequence}, value UTF-8 JSON
 * {@code {"v":1,"run":R,"partition":P,"seq":S,"sentAt":ISO-8601}}.
 */
public record Canary(String runId, int partition, long sequence, Instant sentAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Canary {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(sentAt, "sentAt");
    }

    public byte[] key() {
        return (runId + "/" + partition + "/" + sequence).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] value() {
        return JSON.createObjectNode().put("v", 1).put("run", runId).put("partition", partition).put("seq", sequence)
                .put("sentAt", sentAt.toString()).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The canary a record value holds; empty for anything else (the topic is the operator's too). */
    public static Optional<Canary> decode(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || node.path("v").asInt() != 1 || !node.path("run").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new Canary(node.get("run").asText(), node.path("partition").asInt(),
                    node.path("seq").asLong(), Instant.parse(node.path("sentAt").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
