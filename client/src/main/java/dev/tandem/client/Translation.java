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

    /** Nothing replicated from this partition at or before the committed offset is known. */
    record NoSyncPoint() implements Translation {
    }
}
