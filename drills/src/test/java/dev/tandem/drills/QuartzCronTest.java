package dev.tandem.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuartzCronTest {

    private TimeZone before;

    @BeforeEach
    void utc() {
        before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC")); // Quartz reads cron in the JVM's zone, as the scheduler does
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(before);
    }

    @Test
    void theFiringAfterAFridayRunOfAWeekdayScheduleIsOnMonday() {
        Instant fridayRun = Instant.parse("2026-12-04T02:00:30Z");
        assertThat(QuartzCron.nextAfter("0 0 2 ? * MON-FRI", fridayRun)).contains(Instant.parse("2026-12-07T02:00:00Z"));
        // the interval seen from Saturday is a day (Monday to Tuesday): why "missed" is not judged by the interval
        assertThat(QuartzCron.interval("0 0 2 ? * MON-FRI", Instant.parse("2026-12-05T12:00:00Z")))
                .contains(Duration.ofDays(1));
    }

    @Test
    void aScheduleThatFiresNoMoreHasNoNextFiring() {
        assertThat(QuartzCron.nextAfter("0 0 2 1 1 ? 2020", Instant.parse("2026-12-04T02:00:00Z"))).isEmpty();
    }
}
