package dev.tandem.cli.replicate;

import dev.tandem.replicator.metrics.FlowProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * While any flow is catching up, one line per flow on a terminal — records behind, copy rate,
 * time left — redrawn in place at each update (ANSI cursor-up and clear-line). When every flow has
 * caught up the lines are drawn a last time and left as they are; nothing is drawn while no flow
 * is behind. When anything else was written to the stream since the last drawing (a log line),
 * the lines are drawn anew below it instead of over it.
 */
final class ProgressLines {

    private static final String ESC = "\u001b[";

    private final PrintWriter out;
    private final LongSupplier streamBytes;
    private final Map<String, Long> copiedBefore = new HashMap<>();
    private final Map<String, Long> bytesBefore = new HashMap<>();
    private Instant before;
    private int drawn;
    private long streamBytesAfterDrawing;

    /**
     * @param out         where the lines go
     * @param streamBytes how many bytes the stream under {@code out} has taken so far, from anyone
     */
    ProgressLines(PrintWriter out, LongSupplier streamBytes) {
        this.out = out;
        this.streamBytes = streamBytes;
    }

    /** Called at a steady pace (once a second) with every flow's progress. */
    void update(List<FlowProgress> flows, Instant now) {
        double seconds = before == null ? 0 : Duration.between(before, now).toMillis() / 1000.0;
        boolean behind = flows.stream().anyMatch(f -> f.behindRecords() > 0);
        boolean shown = drawn > 0;
        if (shown && streamBytes.getAsLong() != streamBytesAfterDrawing) {
            drawn = 0; // someone else wrote below the lines: keep what they wrote, draw anew below
        }
        if (behind || shown) {
            if (drawn > 0) {
                out.print(ESC + drawn + "A");
            }
            for (FlowProgress flow : flows) {
                Long previous = copiedBefore.get(flow.flow());
                double rate = previous == null || seconds <= 0 ? -1 : (flow.copiedRecords() - previous) / seconds;
                Long previousBytes = bytesBefore.get(flow.flow());
                double byteRate = previousBytes == null || seconds <= 0 ? -1
                        : (flow.copiedBytes() - previousBytes) / seconds;
                out.print("\r" + ESC + "2K" + line(flow, rate, byteRate) + "\n");
            }
            out.flush();
            streamBytesAfterDrawing = streamBytes.getAsLong();
            drawn = behind ? flows.size() : 0;
        }
        flows.forEach(f -> copiedBefore.put(f.flow(), f.copiedRecords()));
        flows.forEach(f -> bytesBefore.put(f.flow(), f.copiedBytes()));
        before = now;
    }

    /** One flow's line; {@code rate} in records per second, negative when not known yet. */
    static String line(FlowProgress flow, double rate) {
        return line(flow, rate, -1);
    }

    /** The same; with a max-bytes-per-second, the byte rate ({@code byteRate}, negative when not known) beside it. */
    static String line(FlowProgress flow, double rate, double byteRate) {
        if (flow.behindRecords() == 0) {
            return String.format(Locale.ROOT, "%s: caught up, %,d records copied", flow.flow(), flow.copiedRecords());
        }
        String speed = rate < 0 ? "measuring" : String.format(Locale.ROOT, "%,d records/s", Math.round(rate));
        String limit = flow.maxBytesPerSecond().isEmpty() ? "" : String.format(Locale.ROOT, ", %s of %s limit",
                byteRate < 0 ? "measuring" : megabytes(byteRate), megabytes(flow.maxBytesPerSecond().getAsLong()));
        String eta = rate < 0 ? "" : rate < 1 ? ", no progress" : ", ETA " + eta(Math.round(flow.behindRecords() / rate));
        return String.format(Locale.ROOT, "%s: %,d records behind, %s%s%s", flow.flow(), flow.behindRecords(), speed,
                limit, eta);
    }

    private static String megabytes(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1_000_000);
    }

    private static String eta(long seconds) {
        return seconds < 60 ? seconds + " s" : seconds < 3600 ? seconds / 60 + " min " + seconds % 60 + " s"
                : seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
