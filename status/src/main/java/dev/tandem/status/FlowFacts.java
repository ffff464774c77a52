package dev.tandem.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is known about one flow at one moment, read from the store and the clusters: no judgement
 * here ({@link StatusRules} grades it). Each reading is either a value or why it could not be read.
 */
public record FlowFacts(String flow, String source, String target, Reading<Replicators> replicators,
                        Reading<Optional<Instant>> newestSyncPointOnTarget, Reading<Checkpoints> checkpoints,
                        Reading<Optional<Run>> lastVerification, Reading<List<Drill>> drills,
                        Reading<Optional<Event>> lastFailover, Reading<Optional<Event>> lastMigration,
                        Duration maxCheckpointAge, Duration verifyInterval) {

    /** A value, or the one line saying why it could not be read (a cluster or the store unreachable). */
    public record Reading<T>(Optional<T> value, Optional<String> problem) {
        public static <T> Reading<T> of(T value) {
            return new Reading<>(Optional.of(value), Optional.empty());
        }

        public static <T> Reading<T> failed(String problem) {
            return new Reading<>(Optional.empty(), Optional.of(problem));
        }
    }

    /**
     * The members of the flow's replicator group on the source, and whether the flow selects any topic there
     * (a replicator joins the group only once it does, so no member then says nothing).
     */
    public record Replicators(int members, boolean selectsTopics) {
    }

    /** The flow's latest checkpoints: how many groups, the newest, and records the groups read that are not on the target. */
    public record Checkpoints(int groups, Optional<Instant> newest, long recordsNotReplicated) {
    }

    /** A finished run (verification or drill) with its verdict and, when it failed, why. */
    public record Run(Instant at, boolean passed, String failures) {
    }

    /**
     * A drill of the flow: its schedule (empty when run by hand only), its last run, and when the next run was
     * due to have finished: the schedule's first firing after the last run began, plus as long as that run took
     * (empty when the schedule fires no more).
     */
    public record Drill(String name, Optional<String> schedule, Optional<Run> lastRun, Optional<Instant> nextDueAfterLastRun,
                        Optional<Long> lastRpoRecords, Optional<Long> lastRtoMs) {
    }

    /** A failover, failback or migration: what, how it ended, when, who. */
    public record Event(String kind, String result, Instant at, String operator) {
    }
}
