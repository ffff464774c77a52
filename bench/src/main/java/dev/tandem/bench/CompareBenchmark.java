package dev.tandem.bench;

import dev.tandem.kafka.TopicOffsets;
import dev.tandem.safety.ClusterGuard;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.verifier.compare.ComparisonReport;
import dev.tandem.verifier.compare.RecordComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * How fast {@code tandem compare}'s comparison reads and compares a replicated topic, against a
 * baseline measured in the same run on the same records: a plain consumer (default settings)
 * reading the source topic and then its replica to their ends, touching every record.
 */
public final class CompareBenchmark {

    private CompareBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int partitions = Integer.parseInt(args[0]);
        int perPartition = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path work = Files.createDirectories(Path.of(args[3]).resolve("compare-" + System.currentTimeMillis()));
        try (BenchFlow bench = new BenchFlow(work, partitions, perPartition)) {
            String targetId = new ClusterGuard(bench.kafka).check(bench.playbook, bench.flow).target();
            RecordComparison comparison = new RecordComparison(bench.playbook, bench.kafka,
                    new SyncPointRepository(bench.store.jdbi()), Clock.systemUTC());
            long records = (long) partitions * perPartition;
            System.out.printf("%n%,d records of 100 bytes in %d partitions, replicated; %d runs, alternating%n%n",
                    records, partitions, runs);
            System.out.println("| run | plain consumer, both sides (s) | compare (s) | compare records/s (one side) "
                    + "| compare / plain (time) |");
            System.out.println("| --- | ---: | ---: | ---: | ---: |");
            for (int run = 1; run <= runs; run++) {
                double plain = BenchFlow.seconds(() -> {
                    long read = readToEnd(bench, "east", BenchFlow.TOPIC) + readToEnd(bench, "west",
                            bench.flow.targetTopic(BenchFlow.TOPIC));
                    if (read != 2 * records) {
                        throw new IllegalStateException("plain consumer read " + read + " records, not " + 2 * records);
                    }
                });
                ComparisonReport[] report = new ComparisonReport[1];
                double compare = BenchFlow.seconds(() -> report[0] = comparison.compare(bench.flow, targetId,
                        new RecordComparison.Selection(List.of(BenchFlow.TOPIC), OptionalInt.empty(),
                                new RecordComparison.Start.Replicated(), Duration.ofSeconds(30)), (t, p, n, b) -> { }));
                if (!report[0].same() || report[0].equal() != records) {
                    throw new IllegalStateException("comparison not equal: " + report[0]);
                }
                System.out.printf("| %d | %.2f | %.2f | %,.0f | %.2f |%n", run, plain, compare, records / compare,
                        compare / plain);
            }
        }
    }

    /** Reads a topic to its end with a default consumer, touching every record; the count read. */
    private static long readToEnd(BenchFlow bench, String cluster, String topic) {
        Map<TopicPartition, Long> ends;
        try (Admin admin = bench.kafka.admin(bench.playbook.cluster(cluster))) {
            ends = TopicOffsets.endOffsets(admin, cluster, topic);
        }
        long count = 0;
        long bytes = 0;
        try (Consumer<byte[], byte[]> consumer = bench.kafka.consumer(bench.playbook.cluster(cluster),
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    count++;
                    bytes += record.value().length;
                }
            }
        }
        return bytes > 0 ? count : 0;
    }
}
