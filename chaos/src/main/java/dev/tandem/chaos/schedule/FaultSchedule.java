package dev.tandem.chaos.schedule;

import dev.tandem.chaos.schedule.Fault.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run, in order, with the pause before each: drawn from a seed (printed, so that a
 * failing run can be replayed with {@code --seed}). Every kind of fault comes at least once; the
 * rest of the time is filled with replicator kills and freezes, the faults a host meets most.
 */
public final class FaultSchedule {

    /** A fault and how long the run lets the flow work under load before it. */
    public record Step(Duration pauseBefore, Fault fault) {
    }

    /** How long each kind of fault lasts and how many kills at least: the long run's, or the short one's. */
    public record Shape(int kills, Duration replicatorFreeze, List<Fault> brokerFaults, List<Fault> dataFaults, Duration pause) {
        public Shape {
            brokerFaults = List.copyOf(brokerFaults);
            dataFaults = List.copyOf(dataFaults);
        }

        /**
         * The release run: 20 kills, a freeze past the session timeout, on each side a 60 s broker freeze,
         * a clean and a hard restart, and an outage longer than the producer's retries; the store away for
         * 60 s; retention deleting 10 s of records not copied yet; a source topic deleted and re-created.
         */
        public static Shape full() {
            List<Fault> broker = new ArrayList<>();
            for (Side side : Side.values()) {
                broker.add(new Fault.FreezeBroker(side, Duration.ofSeconds(60)));
                broker.add(new Fault.RestartBroker(side, false));
                broker.add(new Fault.RestartBroker(side, true));
                broker.add(new Fault.Unreachable(side, Duration.ofSeconds(45)));
            }
            return new Shape(20, Duration.ofSeconds(20), broker, List.of(new Fault.StoreUnreachable(Duration.ofSeconds(60)),
                    new Fault.SourceRetention(Duration.ofSeconds(10)), new Fault.RecreateSourceTopic(Duration.ofSeconds(6)),
                    new Fault.DeleteReplica()), Duration.ofSeconds(8));
        }

        /**
         * The build's run (about three minutes): two kills, a freeze, the target's broker frozen, the source's
         * killed, the store away for 15 s, retention deleting 3 s of records not copied yet, a source topic re-created.
         */
        public static Shape quick() {
            return new Shape(2, Duration.ofSeconds(16), List.of(new Fault.FreezeBroker(Side.TARGET, Duration.ofSeconds(15)),
                    new Fault.RestartBroker(Side.SOURCE, true)), List.of(new Fault.StoreUnreachable(Duration.ofSeconds(15)),
                    new Fault.SourceRetention(Duration.ofSeconds(3)), new Fault.RecreateSourceTopic(Duration.ofSeconds(6))),
                    Duration.ofSeconds(4));
        }
    }

    private FaultSchedule() {
    }

    /** The faults for a run of about {@code minutes} (at least one of each kind, whatever the minutes). */
    public static List<Step> draw(long seed, Duration minutes, Shape shape) {
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < shape.kills(); i++) {
            faults.add(new Fault.KillReplicator(i % 2));
        }
        faults.add(new Fault.FreezeReplicator(random.nextInt(2), shape.replicatorFreeze()));
        faults.addAll(shape.brokerFaults());
        faults.addAll(shape.dataFaults());
        Duration planned = faults.stream().map(f -> estimate(f).plus(shape.pause())).reduce(Duration.ZERO, Duration::plus);
        while (planned.compareTo(minutes) < 0) {
            Fault extra = random.nextBoolean() ? new Fault.KillReplicator(random.nextInt(2))
                    : new Fault.FreezeReplicator(random.nextInt(2), shape.replicatorFreeze());
            faults.add(extra);
            planned = planned.plus(estimate(extra)).plus(shape.pause());
        }
        Collections.shuffle(faults, random);
        // a re-created topic gets the time of a fault after it to be written, read and checkpointed again
        int recreate = faults.indexOf(faults.stream().filter(f -> f instanceof Fault.RecreateSourceTopic).findFirst().orElse(null));
        if (recreate == faults.size() - 1 && recreate > 0) {
            Collections.swap(faults, recreate, 0);
        }
        List<Step> steps = new ArrayList<>();
        for (Fault fault : faults) {
            long jitter = shape.pause().toMillis() / 2;
            steps.add(new Step(shape.pause().plusMillis(random.nextLong(-jitter, jitter + 1)), fault));
        }
        return List.copyOf(steps);
    }

    /** About how long a fault and the catch-up after it take: to fill the minutes asked for. */
    static Duration estimate(Fault fault) {
        if (fault instanceof Fault.FreezeReplicator f) {
            return f.duration().plusSeconds(8);
        } else if (fault instanceof Fault.FreezeBroker f) {
            return f.duration().plusSeconds(15);
        } else if (fault instanceof Fault.RestartBroker) {
            return Duration.ofSeconds(25);
        } else if (fault instanceof Fault.Unreachable u) {
            return u.duration().plusSeconds(20);
        } else if (fault instanceof Fault.StoreUnreachable s) {
            return s.duration().plusSeconds(15);
        } else if (fault instanceof Fault.SourceRetention r) {
            return r.stopped().plusSeconds(25);
        } else if (fault instanceof Fault.RecreateSourceTopic r) {
            return r.seen().plusSeconds(20);
        } else if (fault instanceof Fault.DeleteReplica) {
            return Duration.ofSeconds(90);
        }
        return Duration.ofSeconds(12); // a kill: the restart and the catch-up
    }

    /** The schedule as printed at the start of a run: one fault per line, with its pause. */
    public static String describe(long seed, List<Step> steps) {
        StringBuilder text = new StringBuilder("fault schedule (seed " + seed + ", " + steps.size() + " faults):\n");
        for (int i = 0; i < steps.size(); i++) {
            text.append(String.format("  %2d. after %4.1fs: %s%n", i + 1, steps.get(i).pauseBefore().toMillis() / 1000.0,
                    steps.get(i).fault().describe()));
        }
        return text.toString();
    }
}
