package dev.tandem.replicator.copy;

import java.util.OptionalLong;

/**
 * The metadata of an at-least-once flow's commit on the source: where the replica partition ended
 * when it was made ({@code replica-end=N}). A later copy landing before it means the replica was
 * deleted and re-created (or truncated). An offset reset by kafka-consumer-groups clears it.
 */
final class ReplicaEnd {

    private static final String KEY = "replica-end=";

    private ReplicaEnd() {
    }

    static String format(OptionalLong nextTarget) {
        return nextTarget.isPresent() ? KEY + nextTarget.getAsLong() : "";
    }

    /** The replica's end a commit's metadata names; empty for any other metadata (another tool's, a reset). */
    static OptionalLong parse(String metadata) {
        if (metadata == null || !metadata.startsWith(KEY)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(metadata.substring(KEY.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
