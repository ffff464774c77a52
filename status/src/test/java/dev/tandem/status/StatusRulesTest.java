package dev.tandem.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.status.FlowFacts.Checkpoints;
import dev.tandem.status.FlowFacts.Drill;
import dev.tandem.status.FlowFacts.Event;
import dev.tandem.status.FlowFacts.Reading;
import dev.tandem.status.FlowFacts.Replicators;
import dev.tandem.status.FlowFacts.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration LIMIT = Duration.ofMinutes(15);

    private static FlowFacts healthy() {
        return new FlowFacts("orders", "east", "west", Reading.of(new Replicators(2, true)),
                Reading.of(Optional.of(NOW.minusSeconds(3))), Reading.of(new Checkpoints(4, Optional.of(NOW.minusSeconds(5)), 0)),
                Reading.of(Optional.of(new Run(NOW.minusSeconds(600), true, ""))), Reading.of(List.of()),
                Reading.of(Optional.empty()), Reading.of(Optional.empty()), LIMIT, Duration.ofMinutes(1));
    }

    private static FlowFacts with(FlowFacts f, Reading<Checkpoints> checkpoints) {
        return new FlowFacts(f.flow(), f.source(), f.target(), f.replicators(), f.newestSyncPointOnTarget(), checkpoints,
                f.lastVerification(), f.drills(), f.lastFailover(), f.lastMigration(), f.maxCheckpointAge(), f.verifyInterval());
    }

    private static Level levelOf(FlowStatus status, String aspect) {
        return status.findings().stream().filter(f -> f.aspect().equals(aspect)).findFirst().orElseThrow().level();
    }

    @Test
    void replicatingCheckpointedAndVerifiedIsGreen() {
        FlowStatus status = StatusRules.grade(healthy(), NOW);
        assertThat(status.level()).isEqualTo(Level.GREEN);
        assertThat(new ProtectionStatus(NOW, List.of(status)).headline()).startsWith("GREEN");
    }

    @Test
    void checkpointsOlderThanTheFailoverLimitAreRedAndPastHalfOfItAmber() {
        Checkpoints over = new Checkpoints(4, Optional.of(NOW.minus(LIMIT).minusSeconds(1)), 12);
        FlowStatus red = StatusRules.grade(with(healthy(), Reading.of(over)), NOW);
        assertThat(red.level()).isEqualTo(Level.RED);
        assertThat(red.reason().text()).contains("failover would refuse them").contains("RPO exposure 12 record(s)");

        Checkpoints pastHalf = new Checkpoints(4, Optional.of(NOW.minus(LIMIT.dividedBy(2)).minusSeconds(1)), 0);
        assertThat(StatusRules.grade(with(healthy(), Reading.of(pastHalf)), NOW).level()).isEqualTo(Level.AMBER);
        Checkpoints justUnderHalf = new Checkpoints(4, Optional.of(NOW.minus(LIMIT.dividedBy(2))), 0);
        assertThat(StatusRules.grade(with(healthy(), Reading.of(justUnderHalf)), NOW).level()).isEqualTo(Level.GREEN);
    }

    @Test
    void aStoreThatCannotBeReadIsRedNotUnknown() {
        FlowStatus status = StatusRules.grade(with(healthy(), Reading.failed("store not readable: Connection refused")), NOW);
        assertThat(status.level()).isEqualTo(Level.RED);
        assertThat(status.reason().text()).isEqualTo("store not readable: Connection refused");
    }

    @Test
    void noMemberIsRedOnlyWhenTheFlowHasATopicToCopy() {
        FlowFacts h = healthy();
        FlowFacts stopped = new FlowFacts(h.flow(), h.source(), h.target(), Reading.of(new Replicators(0, true)),
                h.newestSyncPointOnTarget(), h.checkpoints(), h.lastVerification(), h.drills(), h.lastFailover(),
                h.lastMigration(), LIMIT, h.verifyInterval());
        assertThat(levelOf(StatusRules.grade(stopped, NOW), "replication")).isEqualTo(Level.RED);
        FlowFacts nothingSelected = new FlowFacts(h.flow(), h.source(), h.target(), Reading.of(new Replicators(0, false)),
                h.newestSyncPointOnTarget(), h.checkpoints(), h.lastVerification(), h.drills(), h.lastFailover(),
                h.lastMigration(), LIMIT, h.verifyInterval());
        assertThat(levelOf(StatusRules.grade(nothingSelected, NOW), "replication")).isEqualTo(Level.AMBER);
    }

    @Test
    void aFailedVerificationIsRedAndAStaleOneAmber() {
        FlowFacts h = healthy();
        FlowFacts failed = new FlowFacts(h.flow(), h.source(), h.target(), h.replicators(), h.newestSyncPointOnTarget(),
                h.checkpoints(), Reading.of(Optional.of(new Run(NOW.minusSeconds(60), false, "canaries: 3 of 5 lost"))),
                h.drills(), h.lastFailover(), h.lastMigration(), LIMIT, h.verifyInterval());
        FlowStatus red = StatusRules.grade(failed, NOW);
        assertThat(red.reason().text()).contains("canaries: 3 of 5 lost");
        assertThat(red.level()).isEqualTo(Level.RED);

        FlowFacts stale = new FlowFacts(h.flow(), h.source(), h.target(), h.replicators(), h.newestSyncPointOnTarget(),
                h.checkpoints(), Reading.of(Optional.of(new Run(NOW.minus(Duration.ofHours(25)), true, ""))),
                h.drills(), h.lastFailover(), h.lastMigration(), LIMIT, h.verifyInterval());
        assertThat(levelOf(StatusRules.grade(stale, NOW), "verification")).isEqualTo(Level.AMBER);
        assertThat(StatusRules.verificationStale(Duration.ofHours(12))).isEqualTo(Duration.ofHours(36));
    }

    @Test
    void aScheduledDrillThatMissedItsFiringIsAmberAndAFailedOneRed() {
        FlowFacts h = healthy();
        Duration daily = Duration.ofDays(1);
        Instant lastNightly = NOW.minus(daily).minus(StatusRules.DRILL_GRACE).minusSeconds(1);
        Drill missed = new Drill("nightly", Optional.of("0 0 2 * * ?"), Optional.of(new Run(lastNightly, true, "")),
                Optional.of(lastNightly.plus(daily)), Optional.of(0L), Optional.of(4_000L));
        Drill onTime = new Drill("hourly", Optional.of("0 0 * * * ?"), Optional.of(new Run(NOW.minusSeconds(3000), true, "")),
                Optional.of(NOW.plusSeconds(600)), Optional.of(7L), Optional.empty());
        // weekdays only: run on Friday, and on Sunday (NOW + 3 days) the next is due on Monday, not missed
        Instant friday = Instant.parse("2026-12-04T02:00:00Z");
        Drill weekdays = new Drill("weekdays", Optional.of("0 0 2 ? * MON-FRI"), Optional.of(new Run(friday, true, "")),
                Optional.of(Instant.parse("2026-12-07T02:00:00Z")), Optional.empty(), Optional.empty());
        Drill failed = new Drill("weekly", Optional.empty(), Optional.of(new Run(NOW.minusSeconds(60), false,
                "max-rto 2s exceeded: 4s")), Optional.empty(), Optional.empty(), Optional.empty());
        FlowFacts drills = new FlowFacts(h.flow(), h.source(), h.target(), h.replicators(), h.newestSyncPointOnTarget(),
                h.checkpoints(), h.lastVerification(), Reading.of(List.of(missed, onTime, failed)), h.lastFailover(),
                h.lastMigration(), LIMIT, h.verifyInterval());
        FlowStatus status = StatusRules.grade(drills, NOW);
        assertThat(levelOf(status, "drill nightly")).isEqualTo(Level.AMBER);
        assertThat(levelOf(status, "drill hourly")).isEqualTo(Level.GREEN);
        assertThat(levelOf(status, "drill weekly")).isEqualTo(Level.RED);
        assertThat(status.reason().aspect()).isEqualTo("drill weekly");
        FlowFacts sunday = new FlowFacts(h.flow(), h.source(), h.target(), h.replicators(), h.newestSyncPointOnTarget(),
                h.checkpoints(), h.lastVerification(), Reading.of(List.of(weekdays)), h.lastFailover(), h.lastMigration(),
                LIMIT, h.verifyInterval());
        assertThat(levelOf(StatusRules.grade(sunday, Instant.parse("2026-12-06T12:00:00Z")), "drill weekdays"))
                .isEqualTo(Level.GREEN);
        assertThat(levelOf(StatusRules.grade(sunday, Instant.parse("2026-12-07T02:16:00Z")), "drill weekdays"))
                .isEqualTo(Level.AMBER);
    }

    @Test
    void aPartialFailoverIsAmberAndTheHeadlineNamesTheWorstFlow() {
        FlowFacts h = healthy();
        FlowFacts partial = new FlowFacts("payments", h.source(), h.target(), h.replicators(), h.newestSyncPointOnTarget(),
                h.checkpoints(), h.lastVerification(), h.drills(),
                Reading.of(Optional.of(new Event("failover", "partial", NOW.minusSeconds(120), "alice"))), h.lastMigration(),
                LIMIT, h.verifyInterval());
        ProtectionStatus status = new ProtectionStatus(NOW, List.of(StatusRules.grade(h, NOW), StatusRules.grade(partial, NOW)));
        assertThat(status.level()).isEqualTo(Level.AMBER);
        assertThat(status.headline()).isEqualTo("AMBER: flow payments: last failover: failover partial 2m00s ago"
                + " (2026-12-03T11:58:00Z) by alice");
    }
}
