package dev.tandem.replicator.copy;

import dev.tandem.offsets.SyncPoint;
import dev.tandem.offsets.SyncPointPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Everything a delivery knows of one source partition it copies, under one lock: the records in
 * flight ({@link PartitionProgress}), the sync points recorded for acknowledged copies and not yet
 * saved, where the replica's log ends, what was last committed, and whether the partition moved
 * away. Acknowledgements arrive on the producer's thread, settlements on the flow's thread.
 *
 * <p>Invariant: a settlement's offset never covers a record whose sync points are not in that
 * settlement or an earlier one (both are taken under the same lock, and an acknowledgement adds
 * its sync points before it settles the record). Once retired, nothing is recorded any more: a
 * late acknowledgement of a partition that moved away describes a copy the new owner's history
 * does not know.
 */
final class PartitionLedger implements SendOutcomes.Acknowledgement {

    private final PartitionProgress progress = new PartitionProgress();
    private final SyncPointPolicy policy;
    private final List<SyncPoint> unsaved = new ArrayList<>();
    /** The replica's end after the last acknowledged copy; negative before any (a long: set at every acknowledgement). */
    private long nextTarget = -1;
    private OptionalLong committed = OptionalLong.empty();
    private long newestTimestamp = -1;
    private boolean retired;

    PartitionLedger(String topic, int partition, Duration syncInterval) {
        this.policy = new SyncPointPolicy(topic, partition, syncInterval);
    }

    /**
     * What a settlement of this partition saves and commits.
     *
     * @param nextSourceOffset the source offset to commit (the next record to read)
     * @param nextTarget       the replica's end after the last acknowledged copy; empty before any
     * @param syncPoints       sync points recorded since the last settlement
     */
    record Settlement(OptionalLong nextSourceOffset, OptionalLong nextTarget, List<SyncPoint> syncPoints) {
    }

    synchronized void sent(long sourceOffset) {
        progress.sent(sourceOffset);
    }

    synchronized void skipped(long sourceOffset) {
        progress.skipped(sourceOffset);
    }

    /**
     * The replica partition's end as the flow last committed it (from its commit's metadata): no copy
     * acknowledged from now on may land before it.
     */
    synchronized void replicaEndedAt(long nextTargetOffset) {
        if (nextTarget < nextTargetOffset) {
            nextTarget = nextTargetOffset;
        }
    }

    /**
     * The target acknowledged a copy; false (and nothing recorded) when the partition was retired.
     *
     * @throws ReplicaRewound when the copy landed before the replica's known end: a replica's log only grows,
     *                        so it was deleted and re-created (or truncated) since
     */
    @Override
    public synchronized boolean acknowledged(long sourceOffset, long targetOffset, long timestamp, Instant now) {
        if (retired) {
            return false;
        }
        if (targetOffset < nextTarget) {
            throw new ReplicaRewound(sourceOffset, targetOffset, nextTarget);
        }
        // Sync points first, progress last: a settlement never covers a record whose sync points are not taken.
        unsaved.addAll(policy.onReplicated(sourceOffset, targetOffset, now));
        nextTarget = targetOffset + 1;
        if (timestamp >= 0) {
            newestTimestamp = timestamp;
        }
        progress.acknowledged(sourceOffset);
        return true;
    }

    /**
     * Takes what is ready to save: the sync points recorded so far and the offset to commit if it
     * moved since the last commit. {@code consumerPosition} asks the consumer's position, present when
     * every polled record of the partition was handed over; it is asked only when nothing is in
     * flight, and then steps past the transaction markers and aborted records the consumer skipped.
     */
    synchronized Settlement settle(Optional<LongSupplier> consumerPosition) {
        OptionalLong next = progress.committable();
        if (consumerPosition.isPresent() && progress.inFlight() == 0 && next.isPresent()) {
            next = OptionalLong.of(Math.max(next.getAsLong(), consumerPosition.get().getAsLong()));
        }
        if (next.equals(committed)) {
            next = OptionalLong.empty();
        }
        List<SyncPoint> points = List.copyOf(unsaved);
        unsaved.clear();
        return new Settlement(next, nextTarget < 0 ? OptionalLong.empty() : OptionalLong.of(nextTarget), points);
    }

    /** The settlement's offset was committed. */
    synchronized void committed(long nextSourceOffset) {
        committed = OptionalLong.of(nextSourceOffset);
    }

    /** The partition moved to another replicator: forget what was not saved, ignore late acknowledgements. */
    synchronized void retire() {
        retired = true;
        unsaved.clear();
    }

    /** Timestamp of the newest acknowledged copy (for the lag in seconds). */
    synchronized OptionalLong newestTimestamp() {
        return newestTimestamp < 0 ? OptionalLong.empty() : OptionalLong.of(newestTimestamp);
    }

    /** A copy landed at {@code targetOffset}, before {@code knownEnd}, the replica partition's end the flow knew. */
    static final class ReplicaRewound extends RuntimeException {
        final long sourceOffset;
        final long targetOffset;
        final long knownEnd;

        ReplicaRewound(long sourceOffset, long targetOffset, long knownEnd) {
            super("a copy landed at offset " + targetOffset + ", before the replica's end " + knownEnd);
            this.sourceOffset = sourceOffset;
            this.targetOffset = targetOffset;
            this.knownEnd = knownEnd;
        }
    }
}
