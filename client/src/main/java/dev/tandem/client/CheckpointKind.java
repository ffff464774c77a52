package dev.tandem.client;

import java.util.Arrays;
import java.util.OptionalLong;

/** The outcome of a checkpoint's translation, by the name it has in the store, the topic and JSON output. */
public enum CheckpointKind {
    EXACT("exact"),
    AHEAD_OF_REPLICATION("ahead-of-replication"),
    NO_SYNC_POINT("no-sync-point"),
    /** MirrorMaker 2's checkpoint: may re-read, never skips. */
    MM2("mm2");

    private final String wireName;

    CheckpointKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static CheckpointKind of(Translation translation) {
        if (translation instanceof Translation.Exact) {
            return EXACT;
        }
        if (translation instanceof Translation.MirrorMaker2) {
            return MM2;
        }
        return translation instanceof Translation.AheadOfReplication ? AHEAD_OF_REPLICATION : NO_SYNC_POINT;
    }

    public static CheckpointKind fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown checkpoint kind '" + name + "'"));
    }

    /** Rebuilds a translation of this kind from its stored parts. */
    public Translation translation(OptionalLong targetOffset, long recordsNotYetReplicated) {
        return switch (this) {
            case EXACT -> new Translation.Exact(targetOffset.orElseThrow(() -> missing("exact")));
            case AHEAD_OF_REPLICATION -> new Translation.AheadOfReplication(
                    targetOffset.orElseThrow(() -> missing("ahead-of-replication")), recordsNotYetReplicated);
            case NO_SYNC_POINT -> new Translation.NoSyncPoint();
            case MM2 -> new Translation.MirrorMaker2(targetOffset.orElseThrow(() -> missing("mm2")));
        };
    }

    private static IllegalArgumentException missing(String kind) {
        return new IllegalArgumentException("a " + kind + " checkpoint needs a target offset");
    }
}
