package dev.tandem.playbook.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void readsTheShortFormsAndIso8601() {
        assertThat(DurationText.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(DurationText.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(DurationText.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(DurationText.parse("2h")).contains(Duration.ofHours(2));
        assertThat(DurationText.parse("1d")).contains(Duration.ofDays(1));
        assertThat(DurationText.parse("PT1M30S")).contains(Duration.ofSeconds(90));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertThat(DurationText.parse("10 parsecs")).isEmpty();
        assertThat(DurationText.parse("5")).isEmpty();
        assertThat(DurationText.parse("-5s")).isEmpty();
        assertThat(DurationText.parse("P1X")).isEmpty();
    }

    @Test
    void formatsInTheLargestWholeUnitAndParsesBack() {
        for (Duration d : new Duration[] {Duration.ofMillis(1500), Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofHours(3), Duration.ofDays(2)}) {
            assertThat(DurationText.parse(DurationText.format(d))).contains(d);
        }
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
    }
}
