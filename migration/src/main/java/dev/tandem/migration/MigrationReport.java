package dev.tandem.migration;

import dev.tandem.client.Checkpoint;
import dev.tandem.failures.ExitCategory;
import dev.tandem.failover.FailoverRun;
import dev.tandem.migration.drain.DrainWatch;
import dev.tandem.verifier.compare.ComparisonReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One migration run as it ended: each step's outcome in order, and what the steps that ran found:
 * the drain's last state, the comparison, the final checkpoints and the move of the groups.
 *
 * @param groups   the groups the run migrates (or would), by name
 * @param failedAs when a step failed on an error (result {@code failed}): how that error ends the command
 */
public record MigrationReport(String runId, String flow, String source, String target, String operator, boolean dryRun,
                              Instant startedAt, Instant finishedAt, Result result, List<StepResult> steps,
                              List<String> groups, Optional<DrainWatch.State> drain,
                              Optional<ComparisonReport> comparison, List<Checkpoint> finalCheckpoints,
                              Optional<FailoverRun> move, Optional<ExitCategory> failedAs) {

    public MigrationReport {
        steps = List.copyOf(steps);
        groups = List.copyOf(groups);
        finalCheckpoints = List.copyOf(finalCheckpoints);
    }

    /** The steps of a migration, in order, by the names the reports give them. */
    public enum Step {
        PREFLIGHT("preflight"),
        DRAIN("drain"),
        COMPARE("compare"),
        CHECKPOINT("checkpoint"),
        MOVE("move"),
        ACLS("acls");

        private final String wireName;

        Step(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** What one step did; {@code planned}: a dry run's plan of a step it does not perform. */
    public record StepResult(Step step, Status status, String detail, long durationMs) {

        /** A step's outcome, by the name the reports give it. */
        public enum Status {
            PASSED("passed"),
            FAILED("failed"),
            PLANNED("planned"),
            /** Not run: an earlier step failed, or there is nothing for it to do. */
            SKIPPED("skipped");

            private final String wireName;

            Status(String wireName) {
                this.wireName = wireName;
            }

            public String wireName() {
                return wireName;
            }
        }
    }

    /** How a run ended, by the name it has in the output and the store. */
    public enum Result {
        /** Every group moved (or already was where its final checkpoint says). */
        MIGRATED("migrated"),
        /** A dry run whose steps 1-3 passed and whose plan of the move would be applied. */
        DRY_RUN("dry-run"),
        /** A safety check refused (preflight, active members, inexact checkpoint, the move's plan): nothing moved. */
        REFUSED("refused"),
        /** The source did not go quiet, or the replica did not catch up, in time: nothing moved. */
        TIMED_OUT("timed-out"),
        /** The comparison found a difference: nothing moved. */
        DIFFERENT("different"),
        /** Some groups moved and some were refused or differed at apply time. */
        PARTIAL("partial"),
        /**
         * A step failed on an error (a cluster or the store unreachable, an ACL not granted): the
         * steps before it are done, the failed one and those after it are not.
         */
        FAILED("failed");

        private final String wireName;

        Result(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** What the comparison found in one topic, its partitions summed. */
    public record TopicCount(String topic, String replica, int partitions, long compared, long equal, long missing,
                             long extra, long mismatched, long notReplicated) {
    }

    /** The comparison's counts per topic, in the order compared; empty when it did not run. */
    public List<TopicCount> topics() {
        Map<String, TopicCount> byTopic = new LinkedHashMap<>();
        comparison.ifPresent(c -> c.partitions().forEach(p -> byTopic.merge(p.topic(),
                new TopicCount(p.topic(), p.replica(), 1, p.compared(), p.equal(), p.missing(), p.extra(), p.mismatched(),
                        p.notReplicated()),
                (a, b) -> new TopicCount(a.topic(), a.replica(), a.partitions() + b.partitions(),
                        a.compared() + b.compared(), a.equal() + b.equal(), a.missing() + b.missing(),
                        a.extra() + b.extra(), a.mismatched() + b.mismatched(), a.notReplicated() + b.notReplicated()))));
        return List.copyOf(byTopic.values());
    }

    public boolean migrated() {
        return result == Result.MIGRATED;
    }

    /** The steps that failed, each as one line: the reports' and the store's summary. */
    public List<String> failures() {
        return steps.stream().filter(s -> s.status() == StepResult.Status.FAILED)
                .map(s -> s.step().wireName() + ": " + s.detail()).toList();
    }
}
