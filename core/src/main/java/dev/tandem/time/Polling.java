package dev.tandem.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Asks for a value again and again, with a pause, until it is the one wanted or time is up. */
public final class Polling {

    private Polling() {
    }

    /**
     * Polls {@code value} every {@code every} until {@code done} accepts it or {@code timeout} (by
     * {@code clock}) has passed; returns the last value asked for, accepted or not.
     */
    public static <T> T until(Clock clock, Duration timeout, Duration every, Supplier<T> value, Predicate<T> done)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        // Nothing counts this latch down: awaiting it is an interruptible pause.
        CountDownLatch pause = new CountDownLatch(1);
        T current = value.get();
        while (!done.test(current) && clock.instant().isBefore(deadline)) {
            pause.await(every.toMillis(), TimeUnit.MILLISECONDS);
            current = value.get();
        }
        return current;
    }
}
