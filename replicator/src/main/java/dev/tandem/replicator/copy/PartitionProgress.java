package dev.tandem.replicator.copy;

import java.util.OptionalLong;

/**
 * At-least-once bookkeeping for one source partition: which records are on their way to the
 * target, and the offset up to which every record is either acknowledged by the target or
 * deliberately skipped: the only offset that may be committed. Thread-safe (acknowledgements
 * arrive on the producer's thread).
 *
 * <p>A flow catching up has a few hundred thousand records in flight, so the records are kept in
 * a ring of longs rather than an object each: a record's source offset while it waits, its bitwise
 * complement (negative) once it settled.
 */
public final class PartitionProgress {

    private static final int INITIAL = 64;
    private static final int SHRINK_ABOVE = 4096;

    private long[] ring = new long[INITIAL];
    private int head;
    private int size;
    private long done = -1;

    /** A record was sent and awaits its acknowledgement. */
    public synchronized void sent(long sourceOffset) {
        add(sourceOffset);
    }

    /** A record is not copied on purpose (it would loop back to its origin). */
    public synchronized void skipped(long sourceOffset) {
        add(~sourceOffset);
        drain();
    }

    /** The target acknowledged the record at this source offset. */
    public synchronized void acknowledged(long sourceOffset) {
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & (ring.length - 1);
            if (ring[slot] == sourceOffset) {
                ring[slot] = ~sourceOffset;
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
        return size;
    }

    private void add(long entry) {
        if (size == ring.length) {
            long[] grown = new long[ring.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = grown;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = entry;
        size++;
    }

    private void drain() {
        while (size > 0 && ring[head] < 0) {
            done = ~ring[head];
            head = (head + 1) & (ring.length - 1);
            size--;
        }
        if (size == 0 && ring.length > SHRINK_ABOVE) {
            ring = new long[INITIAL]; // a backlog's ring is not kept once caught up
            head = 0;
        }
    }
}
