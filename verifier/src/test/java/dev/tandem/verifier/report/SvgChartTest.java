package dev.tandem.verifier.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void xTicksAreTheFirstTheLastAndEvenlyBetweenAtMostSix() {
        assertThat(SvgChart.ticks(0)).isEmpty();
        assertThat(SvgChart.ticks(1)).containsExactly(1);
        assertThat(SvgChart.ticks(3)).containsExactly(1, 2, 3);
        assertThat(SvgChart.ticks(100)).hasSize(SvgChart.MAX_X_TICKS).startsWith(1).endsWith(100);
    }

    @Test
    void theYAxisEndsOnARoundNumberAboveTheValues() {
        assertThat(SvgChart.niceCeiling(0.7)).isEqualTo(1.0);
        assertThat(SvgChart.niceCeiling(43)).isEqualTo(50.0);
        assertThat(SvgChart.niceCeiling(180)).isEqualTo(200.0);
        assertThat(SvgChart.niceCeiling(2_100)).isEqualTo(2_500.0);
    }

    @Test
    void aTrendOfOneRunAndOfAHundredHasDatedTicksItsUnitAndTheThresholdAboveTheValues() throws Exception {
        Instant start = Instant.parse("2026-11-01T02:00:00Z");
        for (int runs : new int[] {1, 100}) {
            List<Instant> times = IntStream.range(0, runs).mapToObj(i -> start.plus(Duration.ofDays(i))).toList();
            List<Long> values = new ArrayList<>(IntStream.range(0, runs).mapToObj(i -> 100L + i).toList());
            StringBuilder html = new StringBuilder();
            SvgChart.overTime(html, "rto", "RTO over the last runs", "RTO", "ms", times, values,
                    Optional.of(new SvgChart.Threshold(5_000, "max-rto 5000 ms")));
            var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(html.toString().getBytes(StandardCharsets.UTF_8)));
            assertThat(svg.getElementsByTagName("circle").getLength()).isEqualTo(runs);
            assertThat(html).contains("RTO (ms)", "run (UTC)", "2026-11-01 02:00", "max-rto 5000 ms");
            // the threshold is inside the plot (under its top, y 30) and above every value
            double threshold = Double.parseDouble(((org.w3c.dom.Element) svg.getElementsByTagName("line").item(
                    svg.getElementsByTagName("line").getLength() - 1)).getAttribute("y1"));
            var circles = svg.getElementsByTagName("circle");
            for (int i = 0; i < circles.getLength(); i++) {
                assertThat(threshold).isLessThan(Double.parseDouble(((org.w3c.dom.Element) circles.item(i)).getAttribute("cy")));
            }
            assertThat(threshold).isBetween(30.0, 210.0);
            assertThat(html.toString().split("class=\"x-tick\"", -1)).hasSize(Math.min(runs, SvgChart.MAX_X_TICKS) + 1);
        }
    }

    @Test
    void aNegativeValueIsDrawnAtZeroAndToldAsItIs() throws Exception {
        StringBuilder html = new StringBuilder();
        SvgChart.bars(html, "latency", "Latency", "canary", "latency", "ms", List.of(-3L, 40L), Optional.empty());
        var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.toString().getBytes(StandardCharsets.UTF_8)));
        var rects = svg.getElementsByTagName("rect");
        assertThat(rects.getLength()).isEqualTo(2);
        for (int i = 0; i < rects.getLength(); i++) {
            assertThat(Double.parseDouble(((org.w3c.dom.Element) rects.item(i)).getAttribute("height"))).isNotNegative();
        }
        assertThat(rects.item(0).getTextContent()).isEqualTo("1: -3 ms");
    }
}
