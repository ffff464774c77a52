package dev.tandem.cli.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.replicator.metrics.FlowProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String UP_TWO = "\u001b[2A";
    private static final String CLEAR = "\r\u001b[2K";

    private final StringWriter text = new StringWriter();
    private long othersWrote;
    private final ProgressLines lines = new ProgressLines(new PrintWriter(text), () -> text.getBuffer().length()
            + othersWrote);

    private String drawn() {
        String s = text.toString();
        othersWrote += s.length();
        text.getBuffer().setLength(0);
        return s;
    }

    @Test
    void whileFlowsCatchUpTheirLinesAreRedrawnInPlaceWithRateAndTimeLeftThenLeftWhenCaughtUp() {
        lines.update(List.of(new FlowProgress("a", 0, 0), new FlowProgress("b", 0, 0)), T0);
        assertThat(drawn()).as("nothing is drawn while no flow is behind").isEmpty();

        lines.update(List.of(new FlowProgress("a", 100_000, 900_000), new FlowProgress("b", 0, 0)), T0.plusSeconds(1));
        assertThat(drawn()).isEqualTo(CLEAR + "a: 900,000 records behind, 100,000 records/s, ETA 9 s\n"
                + CLEAR + "b: caught up, 0 records copied\n");

        lines.update(List.of(new FlowProgress("a", 400_000, 600_000), new FlowProgress("b", 5, 1)), T0.plusSeconds(3));
        assertThat(drawn()).isEqualTo(UP_TWO + CLEAR + "a: 600,000 records behind, 150,000 records/s, ETA 4 s\n"
                + CLEAR + "b: 1 records behind, 3 records/s, ETA 0 s\n");

        lines.update(List.of(new FlowProgress("a", 1_000_000, 0), new FlowProgress("b", 6, 0)), T0.plusSeconds(4));
        assertThat(drawn()).as("caught up: drawn once more, in place").isEqualTo(UP_TWO
                + CLEAR + "a: caught up, 1,000,000 records copied\n" + CLEAR + "b: caught up, 6 records copied\n");

        lines.update(List.of(new FlowProgress("a", 1_000_000, 0), new FlowProgress("b", 6, 0)), T0.plusSeconds(5));
        assertThat(drawn()).as("then the lines stay as they are").isEmpty();
    }

    @Test
    void aRateIsMeasuredBeforeItIsShownAndAStalledFlowSaysSo() {
        assertThat(ProgressLines.line(new FlowProgress("a", 0, 10), -1)).isEqualTo("a: 10 records behind, measuring");
        assertThat(ProgressLines.line(new FlowProgress("a", 0, 10), 0)).isEqualTo("a: 10 records behind, 0 records/s,"
                + " no progress");
        assertThat(ProgressLines.line(new FlowProgress("a", 0, 7_200_000), 1000))
                .isEqualTo("a: 7,200,000 records behind, 1,000 records/s, ETA 2 h 0 min");
        assertThat(ProgressLines.line(new FlowProgress("a", 0, 90_000), 1000)).endsWith("ETA 1 min 30 s");
    }

    @Test
    void aLogLineWrittenBetweenTwoDrawingsIsNotDrawnOver() {
        lines.update(List.of(new FlowProgress("a", 0, 10)), T0);
        assertThat(drawn()).isEqualTo(CLEAR + "a: 10 records behind, measuring\n");
        othersWrote += "12:00:00.000 WARN something happened\n".length();

        lines.update(List.of(new FlowProgress("a", 5, 5)), T0.plusSeconds(1));

        assertThat(drawn()).as("drawn below the log line, not over it")
                .isEqualTo(CLEAR + "a: 5 records behind, 5 records/s, ETA 1 s\n");
        lines.update(List.of(new FlowProgress("a", 10, 0)), T0.plusSeconds(2));
        assertThat(drawn()).startsWith("\u001b[1A");
    }

    @Test
    void aLogLineJustBeforeCatchingUpStillGetsTheCaughtUpLineBelowIt() {
        lines.update(List.of(new FlowProgress("a", 0, 10)), T0);
        drawn();
        othersWrote += 40;

        lines.update(List.of(new FlowProgress("a", 10, 0)), T0.plusSeconds(1));

        assertThat(drawn()).isEqualTo(CLEAR + "a: caught up, 10 records copied\n");
    }

    @Test
    void aThrottledFlowShowsItsByteRateBesideItsLimit() {
        FlowProgress throttled = new FlowProgress("migrate", 1000, 500, 0, java.util.OptionalLong.of(20_000_000));
        assertThat(ProgressLines.line(throttled, 100, 19_800_000))
                .isEqualTo("migrate: 500 records behind, 100 records/s, 19.8 MB/s of 20.0 MB/s limit, ETA 5 s");
        assertThat(ProgressLines.line(throttled, -1, -1)).contains("measuring of 20.0 MB/s limit");
        assertThat(ProgressLines.line(new FlowProgress("free", 1000, 500), 100)).doesNotContain("limit");
    }
}
