package dev.tandem.verifier.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.offsets.ReplicationPosition;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionWorkersTest {

    private static List<PartitionTask> tasks(int count) {
        return IntStream.range(0, count).mapToObj(p -> new PartitionTask(new TopicPartition("orders", p),
                "east.orders", 0, 10, 10, ReplicationPosition.unknown())).toList();
    }

    private static PartitionComparison result(PartitionTask task) {
        return new PartitionComparison(task.partition().topic(), task.partition().partition(), task.replica(), 0, 0, 0,
                0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    private Consumer<byte[], byte[]> consumer() {
        opened.incrementAndGet();
        return new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()) {
            @Override
            public synchronized void close() {
                closed.incrementAndGet();
                super.close();
            }
        };
    }

    @Test
    void resultsComeInTheTasksOrderFromAtMostTheWorkersConsumersAllClosed() {
        ConcurrentHashMap<Consumer<byte[], byte[]>, Boolean> sources = new ConcurrentHashMap<>();

        List<PartitionComparison> results = PartitionWorkers.run(tasks(9), 4, this::consumer, this::consumer,
                (task, source, target) -> {
                    sources.put(source, true);
                    return result(task);
                });

        assertThat(results).extracting(PartitionComparison::partition).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(opened.get()).isEqualTo(8);
        assertThat(sources).hasSizeLessThanOrEqualTo(4);
        assertThat(closed.get()).isEqualTo(opened.get());
    }

    @Test
    void oneWorkerForOnePartitionAndNoneForNothing() {
        assertThat(PartitionWorkers.run(tasks(1), 4, this::consumer, this::consumer, (t, s, c) -> result(t)))
                .hasSize(1);
        assertThat(opened.get()).isEqualTo(2);
        assertThat(PartitionWorkers.run(List.of(), 4, this::consumer, this::consumer, (t, s, c) -> result(t)))
                .isEmpty();
        assertThat(opened.get()).isEqualTo(2);
    }

    @Test
    void aFailureIsThrownAndTheConsumersAreClosed() {
        assertThatThrownBy(() -> PartitionWorkers.run(tasks(6), 3, this::consumer, this::consumer, (task, s, t) -> {
            if (task.partition().partition() == 2) {
                throw new IllegalStateException("read orders-2 on east: unreachable");
            }
            return result(task);
        })).isInstanceOf(IllegalStateException.class).hasMessage("read orders-2 on east: unreachable");
        assertThat(closed.get()).isEqualTo(opened.get());
    }
}
