package dev.tandem.bench;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One copier's figures. The rate counts from the first record on the target to the last, so
 * that start-up time is reported apart (first record after) and not folded into throughput;
 * launch to all is what a user waits for. CPU is the copier process's user + system time.
 */
record Result(String copier, long records, Duration firstRecord, Duration allRecords, OptionalLong peakRssBytes,
              OptionalDouble cpuSeconds) {

    static final String HEADER = "| copier | launch to all | first record after | records/s (first to last) | CPU s"
            + " per 1M records | peak RSS |\n| --- | ---: | ---: | ---: | ---: | ---: |";

    double recordsPerSecond() {
        double seconds = Math.max(0.001, (allRecords.toMillis() - firstRecord.toMillis()) / 1000.0);
        return records / seconds;
    }

    double cpuPerMillion() {
        return cpuSeconds.isPresent() ? cpuSeconds.getAsDouble() * 1_000_000.0 / records : Double.NaN;
    }

    String row() {
        return String.format("| %s | %.1f s | %.1f s | %,.0f | %s | %s |", copier, allRecords.toMillis() / 1000.0,
                firstRecord.toMillis() / 1000.0, recordsPerSecond(),
                cpuSeconds.isPresent() ? String.format("%.1f", cpuPerMillion()) : "(in-process)",
                peakRssBytes.isPresent() ? peakRssBytes.getAsLong() / (1024 * 1024) + " MiB" : "(in-process)");
    }
}
