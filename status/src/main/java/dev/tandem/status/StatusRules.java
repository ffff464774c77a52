package dev.tandem.status;

import dev.tandem.status.FlowFacts.Drill;
import dev.tandem.status.FlowFacts.Reading;
import dev.tandem.status.FlowStatus.Finding;
import dev.tandem.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Grades a flow's facts (pure: no I/O, the time given). The rules, as the README's "Monitoring"
 * section lists them:
 * <ul>
 * <li>replication: red when no replicator is a member of the flow's group on the source, or the source
 *     cannot be asked; the newest sync point on the target is shown (an idle source writes none);</li>
 * <li>checkpoints: red when the newest is older than {@code failover.max-checkpoint-age} (failover would
 *     refuse), amber past half of it or when there are none yet;</li>
 * <li>verification: red when the last run failed, amber when there is none or it is older than
 *     {@link #verificationStale}; </li>
 * <li>each drill: red when its last run failed, amber when it never ran or a scheduled one has missed a
 *     firing (the schedule's first firing after the last run is more than {@link #DRILL_GRACE} ago);</li>
 * <li>the last failover and migration are shown; amber when one ended partial or timed out.</li>
 * </ul>
 * A reading that failed (store or target unreachable) is red: not known is not protected.
 */
public final class StatusRules {

    /** How late a scheduled drill may be before it counts as missed (a run takes time, a scheduler hands over). */
    public static final Duration DRILL_GRACE = Duration.ofMinutes(15);
    /** The least age at which a verification counts as stale. */
    public static final Duration VERIFICATION_STALE_AT_LEAST = Duration.ofHours(24);

    private StatusRules() {
    }

    public static FlowStatus grade(FlowFacts facts, Instant now) {
        List<Finding> findings = new ArrayList<>();
        findings.add(replication(facts, now));
        findings.add(checkpoints(facts, now));
        findings.add(verification(facts, now));
        facts.drills().problem().ifPresent(p -> findings.add(new Finding("drills", Level.RED, p)));
        facts.drills().value().ifPresent(drills -> drills.forEach(d -> findings.add(drill(d, now))));
        event("last failover", facts.lastFailover(), now).ifPresent(findings::add);
        event("last migration", facts.lastMigration(), now).ifPresent(findings::add);
        Optional<Duration> checkpointAge = facts.checkpoints().value().flatMap(FlowFacts.Checkpoints::newest)
                .map(newest -> Duration.between(newest, now));
        return new FlowStatus(facts.flow(), facts.source(), facts.target(),
                Level.worst(findings.stream().map(Finding::level).toList()), findings, checkpointAge,
                facts.maxCheckpointAge());
    }

    private static Finding replication(FlowFacts facts, Instant now) {
        String syncPoint = facts.newestSyncPointOnTarget().value()
                .map(t -> t.map(at -> "newest sync point on " + facts.target() + " " + ago(at, now))
                        .orElse("no sync point on " + facts.target() + " yet"))
                .orElseGet(() -> "sync points on " + facts.target() + " not readable: "
                        + facts.newestSyncPointOnTarget().problem().orElseThrow());
        if (facts.replicators().problem().isPresent()) {
            return new Finding("replication", Level.RED, "source " + facts.source() + " not reachable ("
                    + facts.replicators().problem().get() + "); " + syncPoint);
        }
        FlowFacts.Replicators replicators = facts.replicators().value().orElseThrow();
        int members = replicators.members();
        if (members == 0 && !replicators.selectsTopics()) {
            return new Finding("replication", Level.AMBER, "the flow selects no topic on " + facts.source()
                    + ": nothing to replicate, and a replicator is not seen until it has a topic; " + syncPoint);
        }
        if (members == 0) {
            return new Finding("replication", Level.RED, "no replicator is running (group "
                    + dev.tandem.kafka.InternalGroups.REPLICATOR_PREFIX + facts.flow() + " on " + facts.source()
                    + " has no members); " + syncPoint);
        }
        Level level = facts.newestSyncPointOnTarget().problem().isPresent() ? Level.RED : Level.GREEN;
        return new Finding("replication", level, members + " replicator process(es) running; " + syncPoint);
    }

    private static Finding checkpoints(FlowFacts facts, Instant now) {
        Reading<FlowFacts.Checkpoints> reading = facts.checkpoints();
        if (reading.problem().isPresent()) {
            return new Finding("checkpoints", Level.RED, reading.problem().get());
        }
        FlowFacts.Checkpoints c = reading.value().orElseThrow();
        if (c.newest().isEmpty()) {
            return new Finding("checkpoints", Level.AMBER, "no checkpoint yet: failover would have nothing to move");
        }
        Duration age = Duration.between(c.newest().get(), now);
        Duration limit = facts.maxCheckpointAge();
        String text = c.groups() + " group(s), newest " + ago(c.newest().get(), now) + " (failover.max-checkpoint-age "
                + Durations.human(limit) + "); RPO exposure " + c.recordsNotReplicated() + " record(s)";
        if (age.compareTo(limit) > 0) {
            return new Finding("checkpoints", Level.RED, text + ": failover would refuse them");
        }
        return new Finding("checkpoints", age.compareTo(limit.dividedBy(2)) > 0 ? Level.AMBER : Level.GREEN, text);
    }

    /** How old the last verification may be: three of the continuous verifier's intervals, and at least a day. */
    public static Duration verificationStale(Duration verifyInterval) {
        Duration three = verifyInterval.multipliedBy(3);
        return three.compareTo(VERIFICATION_STALE_AT_LEAST) > 0 ? three : VERIFICATION_STALE_AT_LEAST;
    }

    private static Finding verification(FlowFacts facts, Instant now) {
        Reading<Optional<FlowFacts.Run>> reading = facts.lastVerification();
        if (reading.problem().isPresent()) {
            return new Finding("verification", Level.RED, reading.problem().get());
        }
        Optional<FlowFacts.Run> last = reading.value().orElseThrow();
        if (last.isEmpty()) {
            return new Finding("verification", Level.AMBER, "never verified (tandem verify)");
        }
        FlowFacts.Run run = last.get();
        if (!run.passed()) {
            return new Finding("verification", Level.RED, "failed " + ago(run.at(), now) + ": " + run.failures());
        }
        Duration stale = verificationStale(facts.verifyInterval());
        if (Duration.between(run.at(), now).compareTo(stale) > 0) {
            return new Finding("verification", Level.AMBER, "passed, but " + ago(run.at(), now) + " (older than "
                    + Durations.human(stale) + ")");
        }
        return new Finding("verification", Level.GREEN, "passed " + ago(run.at(), now));
    }

    private static Finding drill(Drill drill, Instant now) {
        String aspect = "drill " + drill.name();
        if (drill.lastRun().isEmpty()) {
            return new Finding(aspect, drill.schedule().isPresent() ? Level.AMBER : Level.GREEN,
                    drill.schedule().map(s -> "never run (schedule " + s + ")").orElse("never run (run by hand only)"));
        }
        FlowFacts.Run run = drill.lastRun().get();
        String measures = drill.lastRpoRecords().map(r -> "; RPO " + r + " record(s)").orElse("")
                + drill.lastRtoMs().map(r -> ", RTO " + Durations.human(Duration.ofMillis(r))).orElse("");
        if (!run.passed()) {
            return new Finding(aspect, Level.RED, "failed " + ago(run.at(), now) + ": " + run.failures());
        }
        if (drill.nextDueAfterLastRun().isPresent()
                && now.isAfter(drill.nextDueAfterLastRun().get().plus(DRILL_GRACE))) {
            return new Finding(aspect, Level.AMBER, "missed its schedule (" + drill.schedule().orElseThrow()
                    + "): last run " + ago(run.at(), now) + ", the next was due " + ago(drill.nextDueAfterLastRun().get(), now)
                    + measures);
        }
        return new Finding(aspect, Level.GREEN, "passed " + ago(run.at(), now) + measures);
    }

    private static Optional<Finding> event(String aspect, Reading<Optional<FlowFacts.Event>> reading, Instant now) {
        if (reading.problem().isPresent()) {
            return Optional.of(new Finding(aspect, Level.RED, reading.problem().get()));
        }
        return reading.value().orElseThrow().map(e -> {
            boolean unfinished = e.result().equals("partial") || e.result().equals("timed-out");
            return new Finding(aspect, unfinished ? Level.AMBER : Level.GREEN,
                    e.kind() + " " + e.result() + " " + ago(e.at(), now) + " by " + e.operator());
        });
    }

    static String ago(Instant at, Instant now) {
        Duration age = Duration.between(at, now);
        return (age.isNegative() ? "in " + Durations.human(age.negated()) : Durations.human(age) + " ago")
                + " (" + at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")";
    }
}
