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

    /**
     * The replica's end a commit's metadata names (alone, or among {@code ;}-separated entries: an
     * exactly-once position's); empty for any other metadata (another tool's, a reset).
     */
    static OptionalLong parse(String metadata) {
        if (metadata == null) {
            return OptionalLong.empty();
        }
        for (String entry : metadata.split(";")) {
            if (entry.startsWith(KEY)) {
                try {
                    return OptionalLong.of(Long.parseLong(entry.substring(KEY.length())));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
