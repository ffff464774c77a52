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
}
