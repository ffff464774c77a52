package dev.tandem.bench;

import dev.tandem.playbook.Flow;
import dev.tandem.replicator.checkpoints.CheckpointClients;
import dev.tandem.replicator.checkpoints.Checkpointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;

/**
 * How long one checkpoint cycle takes for GROUPS consumer groups x PARTITIONS partitions on the
 * local clusters, against a baseline measured in the same run: the two admin calls that read
 * those groups' committed offsets, which any checkpointer has to make.
 */
public final class CheckpointBenchmark {

    private static final Duration INTERVAL = Flow.DEFAULT_CHECKPOINT_INTERVAL;

    private CheckpointBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int groups = Integer.parseInt(args[0]);
        int partitions = Integer.parseInt(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]).resolve("checkpoints-" + System.currentTimeMillis()));
        try (BenchFlow bench = new BenchFlow(work, partitions)) {
            System.err.printf("committing offsets of %,d groups on %d partitions ...%n", groups, partitions);
            bench.commitGroups("east", BenchFlow.TOPIC, "bench-", groups, 0);
            try (CheckpointClients clients = CheckpointClients.open(bench.kafka, bench.playbook, bench.flow);
                 Admin east = bench.kafka.admin(bench.playbook.cluster("east"))) {
                Checkpointer checkpointer = bench.checkpointer(clients);
                readOffsets(east); // warm up, as the checkpointer's clients are
                double baseline = BenchFlow.seconds(() -> readOffsets(east));
                double cold = BenchFlow.seconds(checkpointer::runCycle);
                double idle = BenchFlow.seconds(checkpointer::runCycle);
                bench.commitGroups("east", BenchFlow.TOPIC, "bench-", groups / 10, 1);
                double tenth = BenchFlow.seconds(checkpointer::runCycle);
                System.out.printf("%n%,d groups x %d partitions = %,d group partitions; checkpoint interval %d s%n%n",
                        groups, partitions, groups * partitions, INTERVAL.toSeconds());
                System.out.println("| measured | seconds | / baseline | / interval |");
                System.out.println("| --- | ---: | ---: | ---: |");
                row("baseline: list groups + read their committed offsets", baseline, baseline);
                row("cycle 1: every checkpoint new (written to store and topic)", cold, baseline);
                row("cycle 2: nothing changed", idle, baseline);
                row("cycle 3: a tenth of the groups moved", tenth, baseline);
            }
        }
    }

    private static void row(String what, double seconds, double baseline) {
        System.out.printf("| %s | %.2f | %.1f | %.2f |%n", what, seconds, seconds / baseline,
                seconds / INTERVAL.toSeconds());
    }

    private static void readOffsets(Admin admin) throws Exception {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(60, TimeUnit.SECONDS)
                .forEach(g -> specs.put(g.groupId(), new ListConsumerGroupOffsetsSpec()));
        admin.listConsumerGroupOffsets(specs).all().get(60, TimeUnit.SECONDS);
    }
}
