package dev.tandem.offsets;

/**
 * How far one source partition has been replicated.
 *
 * @param historyStart     sync points are complete from this source offset on (0 until old ones are pruned)
 * @param nextSourceOffset every source offset below this one was replicated or passed over (markers, aborted records)
 * @param nextTargetOffset the target offset after the newest replicated record
 */
public record ReplicationPosition(long historyStart, long nextSourceOffset, long nextTargetOffset) {

    /** Nothing known beyond the sync points themselves: not even that they reach back to the start. */
    public static ReplicationPosition unknown() {
        return new ReplicationPosition(Long.MAX_VALUE, 0, 0);
    }
}
