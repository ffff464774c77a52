package dev.tandem.failover;

import dev.tandem.client.CheckpointKind;

/**
 * How a partition's new position was found: by its checkpoint's translation (the checkpoint's kind,
 * by the same wire name), or by the group's last commit time when the checkpoint had no position.
 */
public enum MoveKind {
    EXACT(CheckpointKind.EXACT.wireName()),
    AHEAD_OF_REPLICATION(CheckpointKind.AHEAD_OF_REPLICATION.wireName()),
    NO_SYNC_POINT(CheckpointKind.NO_SYNC_POINT.wireName()),
    /** MirrorMaker 2's translation: may re-read, never skips. */
    MM2(CheckpointKind.MM2.wireName()),
    /** Found by time, not translated: approximate. */
    BY_TIMESTAMP("by-timestamp");

    private final String wireName;

    MoveKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the plan's text and JSON output. */
    public String wireName() {
        return wireName;
    }

    /** The kind of a move made as its checkpoint says. */
    public static MoveKind of(CheckpointKind kind) {
        return switch (kind) {
            case EXACT -> EXACT;
            case AHEAD_OF_REPLICATION -> AHEAD_OF_REPLICATION;
            case NO_SYNC_POINT -> NO_SYNC_POINT;
            case MM2 -> MM2;
        };
    }
}
