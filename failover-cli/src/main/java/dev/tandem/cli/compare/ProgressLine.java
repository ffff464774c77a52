package dev.tandem.cli.compare;

import dev.tandem.verifier.compare.RecordComparison;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** On a terminal: one line on stderr, redrawn at most once a second, with the partition, count and rate. */
final class ProgressLine implements RecordComparison.Progress {

    private static final Duration EVERY = Duration.ofSeconds(1);

    private final Clock clock;
    private final Instant started;
    private Instant drawn = Instant.EPOCH;
    private String partition = "";
    private long finishedRecords;
    private long records;
    private boolean any;

    ProgressLine(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public void compared(String topic, int p, long recordsSoFar, long bytesSoFar) {
        String current = topic + "-" + p;
        if (!current.equals(partition)) {
            finishedRecords += records;
            partition = current;
        }
        records = recordsSoFar;
        Instant now = clock.instant();
        if (Duration.between(drawn, now).compareTo(EVERY) < 0) {
            return;
        }
        drawn = now;
        long total = finishedRecords + records;
        double seconds = Math.max(0.001, Duration.between(started, now).toMillis() / 1000.0);
        System.err.printf("\rcomparing %s: %,d records so far, %,.0f records/s   ", current, total, total / seconds);
        System.err.flush();
        any = true;
    }

    void finish() {
        if (any) {
            System.err.println();
        }
    }
}
