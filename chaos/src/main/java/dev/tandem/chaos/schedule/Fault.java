package dev.tandem.chaos.schedule;

import java.time.Duration;

/** One fault of a chaos run, as the schedule draws it and the report names it. */
public sealed interface Fault {

    /** Which cluster a broker fault hits. */
    enum Side { SOURCE, TARGET }

    /** One line: what, on what, for how long ("freeze broker target 60s"). */
    String describe();

    /** SIGKILL of replicator process {@code replicator} (0 or 1), started again at once. */
    record KillReplicator(int replicator) implements Fault {
        public String describe() {
            return "kill replicator " + replicator;
        }
    }

    /** SIGSTOP of replicator {@code replicator} for {@code duration} (past its session timeout), then SIGCONT. */
    record FreezeReplicator(int replicator, Duration duration) implements Fault {
        public String describe() {
            return "freeze replicator " + replicator + " " + duration.toSeconds() + "s";
        }
    }

    /** SIGSTOP of the broker of {@code side} for {@code duration}, then SIGCONT. */
    record FreezeBroker(Side side, Duration duration) implements Fault {
        public String describe() {
            return "freeze broker " + side.name().toLowerCase(java.util.Locale.ROOT) + " " + duration.toSeconds() + "s";
        }
    }

    /** The broker of {@code side} restarted: SIGTERM (a clean shutdown) or SIGKILL ({@code hard}), started at once. */
    record RestartBroker(Side side, boolean hard) implements Fault {
        public String describe() {
            return (hard ? "kill and restart" : "restart") + " broker " + side.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The cluster of {@code side} unreachable (its broker killed) for {@code duration}, longer than the
     * workload's producer retries: the flow must restart by itself from its committed positions.
     */
    record Unreachable(Side side, Duration duration) implements Fault {
        public String describe() {
            return "cluster " + side.name().toLowerCase(java.util.Locale.ROOT) + " unreachable " + duration.toSeconds() + "s";
        }
    }

    /**
     * The store (the run's PostgreSQL server, shared by both replicators) stopped for {@code duration}, then
     * started again: the flow pauses (no commit without its sync points stored) and goes on once it is back.
     */
    record StoreUnreachable(Duration duration) implements Fault {
        public String describe() {
            return "store unreachable " + duration.toSeconds() + "s";
        }
    }

    /**
     * Retention on the source deleting records not copied yet: both replicators stopped (SIGTERM), the
     * workload goes on for {@code stopped}, then every source partition's records up to its end are deleted
     * (deleteRecords, as retention does) and the replicators started again: the records written meanwhile
     * are lost at the source, and the flow must report each such gap (the store's {@code source_gaps}).
     */
    record SourceRetention(Duration stopped) implements Fault {
        public String describe() {
            return "retention deletes " + stopped.toSeconds() + "s of uncopied records on the source";
        }
    }

    /**
     * The replica of the workload's refilled topic deleted on the target while the flow copies into it:
     * the flow must stop (both replicators, each with one line saying how to refill it) rather than fill
     * a new replica from the middle; the run then refills it as the line says (the replica deleted again,
     * the replicators' group reset to the earliest offset for that topic, both started) and the new
     * replica must hold every source record, with sync points and checkpoints of its own.
     */
    record DeleteReplica() implements Fault {
        public String describe() {
            return "replica topic deleted on the target";
        }
    }

    /**
     * The workload's re-created topic deleted and created again with the same name (its offsets start at 0
     * again, with a new topic ID): its writes paused until the flow has copied all of it, the topic deleted,
     * {@code seen} left for the flow to see it gone, created again, and written again: its new records must
     * follow the old ones on the target, with sync points and checkpoints of their own.
     */
    record RecreateSourceTopic(Duration seen) implements Fault {
        public String describe() {
            return "source topic deleted and re-created";
        }
    }
}
