package dev.tandem.drills;

import dev.tandem.playbook.load.ScheduleSyntax;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.quartz.CronExpression;

/** Drill schedules are Quartz cron expressions: the check the playbook loader runs on each one. */
public final class QuartzCron implements ScheduleSyntax {

    @Override
    public Optional<String> problem(String expression) {
        try {
            CronExpression.validateExpression(expression);
            return Optional.empty();
        } catch (ParseException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The first firing of {@code cron} after {@code after}; empty if it fires no more. */
    public static Optional<Instant> nextAfter(String cron, Instant after) {
        try {
            return Optional.ofNullable(new CronExpression(cron).getNextValidTimeAfter(Date.from(after))).map(Date::toInstant);
        } catch (ParseException e) {
            return Optional.empty(); // the playbook loader refuses such a schedule before this runs
        }
    }

    /** The time between the next two firings of {@code cron} after {@code now}; empty if it fires less than twice more. */
    public static Optional<Duration> interval(String cron, Instant now) {
        try {
            CronExpression expression = new CronExpression(cron);
            Date first = expression.getNextValidTimeAfter(Date.from(now));
            Date second = first == null ? null : expression.getNextValidTimeAfter(first);
            return second == null ? Optional.empty() : Optional.of(Duration.ofMillis(second.getTime() - first.getTime()));
        } catch (ParseException e) {
            return Optional.empty(); // the playbook loader refuses such a schedule before this runs
        }
    }
}
