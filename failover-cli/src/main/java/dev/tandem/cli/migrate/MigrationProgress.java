package dev.tandem.cli.migrate;

import dev.tandem.migration.Migration;
import dev.tandem.migration.MigrationReport;
import dev.tandem.migration.drain.DrainWatch;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The migration as it goes, on stderr: a line as each step starts, and on a terminal one line
 * redrawn at most once a second with the drain's state or the comparison's count.
 */
final class MigrationProgress implements Migration.Progress {

    private static final Duration EVERY = Duration.ofSeconds(1);

    private final PrintWriter err;
    private final boolean redraw;
    private final Duration quietFor;
    private final Clock clock;
    private Instant drawn = Instant.EPOCH;
    private boolean lineOpen;

    MigrationProgress(PrintWriter err, boolean redraw, Duration quietFor, Clock clock) {
        this.err = err;
        this.redraw = redraw;
        this.quietFor = quietFor;
        this.clock = clock;
    }

    @Override
    public void started(MigrationReport.Step step) {
        finish();
        err.println("migrate: " + step.wireName() + (step == MigrationReport.Step.DRAIN
                ? " (waiting until no source partition moved for " + quietFor.toSeconds() + " s and the replica caught up)"
                : ""));
        err.flush();
    }

    @Override
    public void observed(DrainWatch.State state) {
        draw(String.format("drain: %d partitions, %d still written to, %d behind (%,d offsets), quiet for %d s of %d s",
                state.partitions(), state.moving().size(), state.behind().size(), state.recordsBehind(),
                state.quietSoFar().toSeconds(), quietFor.toSeconds()));
    }

    @Override
    public void compared(String topic, int partition, long recordsSoFar, long bytesSoFar) {
        draw(String.format("compare: %s-%d, %,d records so far", topic, partition, recordsSoFar));
    }

    private void draw(String line) {
        Instant now = clock.instant();
        if (!redraw || Duration.between(drawn, now).compareTo(EVERY) < 0) {
            return;
        }
        drawn = now;
        err.print("\r" + line + "   ");
        err.flush();
        lineOpen = true;
    }

    void finish() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
    }
}
