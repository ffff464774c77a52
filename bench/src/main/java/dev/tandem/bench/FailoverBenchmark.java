package dev.tandem.bench;

import dev.tandem.failover.CheckpointOrigin;
import dev.tandem.failover.Direction;
import dev.tandem.failover.Failover;
import dev.tandem.failover.FailoverRun;
import dev.tandem.failover.GroupSelection;
import dev.tandem.replicator.checkpoints.CheckpointClients;
import dev.tandem.store.CheckpointRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How long {@code tandem failover} of GROUPS groups x PARTITIONS partitions takes with the source
 * cluster killed, against a baseline measured in the same run: committing the same number of
 * offsets to as many other groups on the target directly (what any failover has to do).
 */
public final class FailoverBenchmark {

    private FailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int groups = Integer.parseInt(args[0]);
        int partitions = Integer.parseInt(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]).resolve("failover-" + System.currentTimeMillis()));
        try (BenchFlow bench = new BenchFlow(work, partitions)) {
            System.err.printf("committing and checkpointing %,d groups on %d partitions ...%n", groups, partitions);
            bench.commitGroups("east", BenchFlow.TOPIC, "app-", groups, 0);
            try (CheckpointClients clients = CheckpointClients.open(bench.kafka, bench.playbook, bench.flow)) {
                bench.checkpointer(clients).runCycle();
            }
            bench.sandbox.east().kill();
            String replica = bench.flow.targetTopic(BenchFlow.TOPIC);
            double baseline = BenchFlow.seconds(() -> bench.commitGroups("west", replica, "direct-", groups, 0));
            Failover failover = new Failover(bench.playbook, bench.kafka, new CheckpointRepository(bench.store.jdbi()),
                    Clock.systemUTC());
            FailoverRun[] runs = new FailoverRun[2];
            double plan = BenchFlow.seconds(() -> runs[0] = failover.run(request(bench, true)));
            double apply = BenchFlow.seconds(() -> runs[1] = failover.run(request(bench, false)));
            if (runs[1].result() != FailoverRun.Result.APPLIED || runs[1].outcomes().size() != groups) {
                throw new IllegalStateException("the failover did not apply: " + runs[1].result().wireName());
            }
            System.out.printf("%n%,d groups x %d partitions = %,d group partitions moved to west, east killed%n%n",
                    groups, partitions, groups * partitions);
            System.out.println("| measured | seconds | / baseline |");
            System.out.println("| --- | ---: | ---: |");
            System.out.printf("| baseline: commit the same offsets to %d other groups on west | %.2f | 1.0 |%n", groups,
                    baseline);
            System.out.printf("| tandem failover --dry-run (preflight + plan) | %.2f | %.1f |%n", plan, plan / baseline);
            System.out.printf("| tandem failover (preflight + plan + apply + read back) | %.2f | %.1f |%n", apply,
                    apply / baseline);
        }
    }

    private static Failover.Request request(BenchFlow bench, boolean dryRun) {
        return new Failover.Request(Direction.FAILOVER, bench.flow, new GroupSelection(List.of(),
                Optional.of(Pattern.compile("app-.*")), false), dryRun, false, false, "bench",
                CheckpointOrigin.STORE);
    }
}
