package dev.tandem.playbook.load;

import java.util.Optional;

/**
 * Checks a drill's {@code schedule} when a playbook is read, so a bad expression is a playbook
 * error with its YAML path rather than a failure when the scheduler starts. The drills module
 * provides the real one (Quartz's cron syntax); core does not know the scheduler.
 */
@FunctionalInterface
public interface ScheduleSyntax {

    /** Why {@code expression} is not a valid schedule; empty when it is. */
    Optional<String> problem(String expression);
}
