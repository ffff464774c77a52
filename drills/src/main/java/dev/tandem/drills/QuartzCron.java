package dev.tandem.drills;

import dev.tandem.playbook.load.ScheduleSyntax;
import java.text.ParseException;
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
}
