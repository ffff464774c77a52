package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** When an exactly-once flow's transactions end before their commit-interval is up. */
class TransactionCadenceTest {

    private static final Instant ROUND = Instant.parse("2026-12-07T10:00:00Z");
    private static final BooleanSupplier CAUGHT_UP = () -> true;
    private static final BooleanSupplier BEHIND = () -> false;

    private final TransactionCadence cadence = new TransactionCadence(Duration.ofMillis(500));

    @Test
    void aFlowBehindWaitsForItsIntervalAndACaughtUpOneEndsItsTransactionsAFifthOfItAfterTheLastRound() {
        Instant fifth = ROUND.plusMillis(100);

        assertThat(cadence.endsEarly(fifth, ROUND, true, false, BEHIND)).as("behind: long transactions").isFalse();
        assertThat(cadence.endsEarly(fifth, ROUND, true, false, CAUGHT_UP)).isTrue();
        assertThat(cadence.endsEarly(fifth.minusMillis(1), ROUND, true, false, CAUGHT_UP))
                .as("no sooner than a fifth of the interval after the last round").isFalse();
    }

    @Test
    void theFirstRoundAfterTheFlowWasGivenPartitionsEndsEarlyBehindOrNot() {
        assertThat(cadence.endsEarly(ROUND.plusMillis(100), ROUND, true, true, BEHIND)).isTrue();
        assertThat(cadence.endsEarly(ROUND, Instant.MIN, true, true, BEHIND)).as("no round yet").isTrue();
    }

    @Test
    void withNothingCopiedSinceTheLastRoundNoTransactionEndsAndTheConsumerIsNotAsked() {
        AtomicInteger asked = new AtomicInteger();

        boolean ends = cadence.endsEarly(ROUND.plusSeconds(10), ROUND, false, true, () -> {
            asked.incrementAndGet();
            return true;
        });

        assertThat(ends).isFalse();
        assertThat(asked).hasValue(0);
    }

    @Property
    void anEarlyEndIsNeverSoonerThanAFifthOfTheIntervalAfterTheLastRound(
            @ForAll @LongRange(min = 5, max = 30_000) long intervalMillis, @ForAll @LongRange(min = 0, max = 60_000) long since,
            @ForAll boolean newPartitions, @ForAll boolean caughtUp) {
        TransactionCadence any = new TransactionCadence(Duration.ofMillis(intervalMillis));

        boolean ends = any.endsEarly(ROUND.plusMillis(since), ROUND, true, newPartitions, () -> caughtUp);

        assertThat(ends).isEqualTo(since * TransactionCadence.LEAST_FRACTION >= intervalMillis && (newPartitions || caughtUp));
    }
}
