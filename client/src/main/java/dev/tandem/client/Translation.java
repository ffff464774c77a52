package dev.tandem.client;

/**
 * Where a consumer group would resume on the target, for a committed source offset.
 * Never a magic number: each outcome is its own type.
 */
public sealed interface Translation {

    /** The group resumes at exactly this target offset: the replica of the record it would read next. */
    record Exact(long targetOffset) implements Translation {
    }

    /**
     * The group has read records that are not on the target yet (RPO exposure): it resumes at
     * {@code targetOffset}, the end of what was replicated, and {@code recordsNotYetReplicated}
     * source offsets it already consumed are missing there.
     */
    record AheadOfReplication(long targetOffset, long recordsNotYetReplicated) implements Translation {
    }

    /**
     * MirrorMaker 2's checkpoint (read with {@code --from-mm2}): the group resumes at {@code targetOffset},
     * MirrorMaker 2's translation of its committed offset. That translation comes from offset syncs
     * taken every so many records, so it can be before the replica of the record the group would
     * read next (records read again), never after it (none skipped).
     */
    record MirrorMaker2(long targetOffset) implements Translation {
    }

    /** Nothing replicated from this partition at or before the committed offset is known. */
    record NoSyncPoint() implements Translation {
    }
}
