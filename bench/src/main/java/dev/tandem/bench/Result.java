package dev.tandem.bench;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * One copier's figures. The rate counts from the first record on the target to the last, so
 * that start-up time is reported apart (first record after) and not folded into throughput.
 */
record Result(String copier, long records, Duration firstRecord, Duration allRecords, OptionalLong peakRssBytes) {

    double recordsPerSecond() {
        double seconds = Math.max(0.001, (allRecords.toMillis() - firstRecord.toMillis()) / 1000.0);
        return records / seconds;
    }

    String row() {
        double rate = recordsPerSecond();
        return String.format("| %s | %,.0f | %.1f | %.1f s | %.1f s | %s |", copier, rate,
                rate * ReplicationBenchmark.RECORD_BYTES / 1_000_000.0, firstRecord.toMillis() / 1000.0,
                allRecords.toMillis() / 1000.0,
                peakRssBytes.isPresent() ? peakRssBytes.getAsLong() / (1024 * 1024) + " MiB" : "n/a (in-process)");
    }
}
