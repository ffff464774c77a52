package dev.tandem.replicator.copy;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A flow's {@code max-bytes-per-second}: a token bucket (Bucket4j) of key and value bytes,
 * refilled at the rate and holding at most a tenth of a second's worth. The copy loop spends
 * what it sends, going into debt within a poll, and waits out the debt before its next poll:
 * the rate holds on average and no record is delayed inside a batch or transaction.
 */
public final class Throttle {

    private static final Throttle NONE = new Throttle(null, 0);

    private final Bucket bucket;
    private final long bytesPerSecond;

    private Throttle(Bucket bucket, long bytesPerSecond) {
        this.bucket = bucket;
        this.bytesPerSecond = bytesPerSecond;
    }

    public static Throttle none() {
        return NONE;
    }

    /** A throttle at {@code bytesPerSecond}, or none; time read from {@code clock}. */
    public static Throttle of(OptionalLong bytesPerSecond, Clock clock) {
        if (bytesPerSecond.isEmpty()) {
            return NONE;
        }
        long rate = bytesPerSecond.getAsLong();
        long burst = Math.max(1, rate / 10);
        TimeMeter time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                java.time.Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        Bucket bucket = Bucket.builder().withCustomTimePrecision(time)
                .addLimit(limit -> limit.capacity(burst).refillGreedy(rate, Duration.ofSeconds(1)).initialTokens(burst))
                .build();
        return new Throttle(bucket, rate);
    }

    public boolean limited() {
        return bucket != null;
    }

    /** The limit in bytes per second (0 when none). */
    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Counts bytes sent. */
    public void spent(long bytes) {
        if (bucket != null && bytes > 0) {
            bucket.consumeIgnoringRateLimits(bytes);
        }
    }

    /** How long until what was sent is paid for: zero when the next poll may go ahead. */
    public Duration owed() {
        if (bucket == null) {
            return Duration.ZERO;
        }
        long available = bucket.getAvailableTokens();
        // In debt: the refill pays it back at the rate.
        return available >= 0 ? Duration.ZERO
                : Duration.ofNanos((long) Math.ceil(-available * 1e9 / bytesPerSecond));
    }
}
