package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void noLimitNeverWaits() {
        Throttle none = Throttle.of(OptionalLong.empty(), Clock.systemUTC());
        none.spent(Long.MAX_VALUE / 2);
        assertThat(none.limited()).isFalse();
        assertThat(none.owed()).isZero();
    }

    @Test
    void whatWasSentBeyondABurstIsWaitedOutAtTheRate() {
        ManualClock clock = new ManualClock();
        Throttle throttle = Throttle.of(OptionalLong.of(1_000_000), clock);
        throttle.spent(100_000); // the burst: a tenth of a second
        assertThat(throttle.owed()).isZero();
        throttle.spent(2_000_000); // a poll of 2 MB: 2 s of debt
        assertThat(throttle.owed()).isBetween(Duration.ofMillis(1990), Duration.ofMillis(2010));
        clock.now = clock.now.plusSeconds(1);
        assertThat(throttle.owed()).isBetween(Duration.ofMillis(990), Duration.ofMillis(1010));
        clock.now = clock.now.plusMillis(1001);
        assertThat(throttle.owed()).isZero();
    }

    @Test
    void overALongRunTheBytesAllowedAreTheRateTimesTheTime() {
        ManualClock clock = new ManualClock();
        Throttle throttle = Throttle.of(OptionalLong.of(20_000_000), clock);
        long sent = 0;
        Instant start = clock.now;
        // A copy loop: sends a poll of 3 MB whenever nothing is owed, else waits what is owed.
        while (Duration.between(start, clock.now).compareTo(Duration.ofSeconds(60)) < 0) {
            Duration owed = throttle.owed();
            if (owed.isZero()) {
                throttle.spent(3_000_000);
                sent += 3_000_000;
            } else {
                clock.now = clock.now.plus(owed.compareTo(Duration.ofMillis(100)) < 0 ? owed : Duration.ofMillis(100));
            }
        }
        double rate = sent / (double) Duration.between(start, clock.now).toMillis() * 1000;
        assertThat(rate).isBetween(20_000_000 * 0.97, 20_000_000 * 1.06);
    }
}
