package dev.tandem.replicator.copy;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * When an exactly-once flow ends its transactions before its {@code commit-interval} is up. A flow that
 * is behind commits once per interval: long transactions copy a backlog fastest. A flow that has caught
 * up commits as soon as it has, so its copies become visible to read_committed readers then and not up
 * to an interval later; so does the first round after the flow was given partitions (a start, a
 * hand-over), so that their first copies show at once. Either way no sooner than a fifth of the
 * interval after the last round began, which bounds the transactions a caught-up flow makes: at most
 * five per partition per interval.
 *
 * @param interval the flow's commit-interval
 */
record TransactionCadence(Duration interval) {

    /** The shortest time between the starts of two rounds when the second ends early, as a fraction of the interval. */
    static final int LEAST_FRACTION = 5;

    /**
     * @param lastRound     when the last commit round began
     * @param open          whether a transaction is open (something was copied since the last round)
     * @param newPartitions whether partitions were given to the flow since the last round that committed anything
     * @param caughtUp      whether no partition the flow copies has a record left to copy; asked last, as it asks
     *                      the consumer
     */
    boolean endsEarly(Instant now, Instant lastRound, boolean open, boolean newPartitions, BooleanSupplier caughtUp) {
        if (!open || now.isBefore(lastRound.plus(least()))) {
            return false;
        }
        return newPartitions || caughtUp.getAsBoolean();
    }

    /** The shortest time between two rounds when the second ends early. */
    Duration least() {
        return interval.dividedBy(LEAST_FRACTION);
    }
}
