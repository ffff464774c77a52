package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** What may be committed of a partition whose records are sent, skipped and acknowledged in any order. */
class PartitionProgressTest {

    /**
     * Each step sends the next record (0-39; 30-39 after a gap in the source offsets, as transaction markers
     * leave), skips it (40-49), or acknowledges one of the records in flight (50-99, which one from the value).
     * The model: the next offset after the longest settled run from the first record.
     */
    @Property(tries = 300)
    void whatIsCommittableIsTheEndOfTheSettledRunFromTheFirstRecord(
            @ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 99) Integer> steps) {
        PartitionProgress progress = new PartitionProgress();
        List<long[]> model = new ArrayList<>(); // {offset, settled}
        List<Long> unacknowledged = new ArrayList<>();
        long next = -1; // the first record at offset 0 (or 1, after a gap)
        for (int step : steps) {
            if (step < 40) {
                next += step >= 30 ? 2 : 1;
                progress.sent(next);
                model.add(new long[] {next, 0});
                unacknowledged.add(next);
            } else if (step < 50) {
                next++;
                progress.skipped(next);
                model.add(new long[] {next, 1});
            } else if (!unacknowledged.isEmpty()) {
                long offset = unacknowledged.remove(step % unacknowledged.size());
                progress.acknowledged(offset);
                model.stream().filter(e -> e[0] == offset).findFirst().orElseThrow()[1] = 1;
            }
            assertThat(progress.committable()).isEqualTo(expected(model));
            assertThat(progress.inFlight()).isEqualTo(inFlight(model));
        }
    }

    @Test
    void aBacklogsRecordsInFlightBeyondTheRingsSizeAreKeptAndOnceAllSettledItGoesOnAsBefore() {
        PartitionProgress progress = new PartitionProgress();
        for (long offset = 0; offset < 10_000; offset++) {
            progress.sent(offset);
        }
        progress.acknowledged(1);
        assertThat(progress.committable()).as("the first record is still in flight").isEmpty();
        progress.acknowledged(0);
        assertThat(progress.committable()).hasValue(2);
        for (long offset = 2; offset < 10_000; offset++) {
            progress.acknowledged(offset);
        }
        assertThat(progress.committable()).hasValue(10_000);
        assertThat(progress.inFlight()).isZero();

        progress.sent(10_000);
        progress.skipped(10_001);
        assertThat(progress.committable()).as("after the ring was given back").hasValue(10_000);
        progress.acknowledged(10_000);
        assertThat(progress.committable()).hasValue(10_002);
    }

    private static OptionalLong expected(List<long[]> model) {
        OptionalLong committable = OptionalLong.empty();
        for (long[] entry : model) {
            if (entry[1] == 0) {
                break;
            }
            committable = OptionalLong.of(entry[0] + 1);
        }
        return committable;
    }

    private static int inFlight(List<long[]> model) {
        int settledRun = 0;
        while (settledRun < model.size() && model.get(settledRun)[1] == 1) {
            settledRun++;
        }
        return model.size() - settledRun;
    }
}
