package dev.tandem.replicator.copy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/**
 * At-least-once bookkeeping for one source partition: which records are on their way to the
 * target, and the offset up to which every record is either acknowledged by the target or
 * deliberately skipped: the only offset that may be committed. Thread-safe (acknowledgements
 * arrive on the producer's thread).
 */
public final class PartitionProgress {

    private final Deque<long[]> pending = new ArrayDeque<>();
    private long done = -1;

    /** A record was sent and awaits its acknowledgement. */
    public synchronized void sent(long sourceOffset) {
        pending.addLast(new long[] {sourceOffset, 0});
    }

    /** A record is not copied on purpose (it would loop back to its origin). */
    public synchronized void skipped(long sourceOffset) {
        pending.addLast(new long[] {sourceOffset, 1});
        drain();
    }

    /** The target acknowledged the record at this source offset. */
    public synchronized void acknowledged(long sourceOffset) {
        for (long[] entry : pending) {
            if (entry[0] == sourceOffset) {
                entry[1] = 1;
                break;
            }
        }
        drain();
    }

    /** The next offset to read after everything settled: what to commit; empty before anything settled. */
    public synchronized OptionalLong committable() {
        return done < 0 ? OptionalLong.empty() : OptionalLong.of(done + 1);
    }

    public synchronized int inFlight() {
        return pending.size();
    }

    private void drain() {
        while (!pending.isEmpty() && pending.peekFirst()[1] == 1) {
            done = pending.pollFirst()[0];
        }
    }
}
