package dev.tandem.verifier.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Compares partitions on a few workers at once, each with a consumer per cluster of its own that
 * reads one partition at a time: several fetches in flight per cluster, as a plain consumer of the
 * whole topic has, while memory stays bounded by the workers' consumers. Results come back in the
 * tasks' order; the first failure stops every worker after its current partition and is thrown once they all
 * ended, their consumers closed.
 */
final class PartitionWorkers {

    /** Compares one partition through the worker's consumers. */
    interface Comparison {
        PartitionComparison compare(PartitionTask task, Consumer<byte[], byte[]> source,
                                    Consumer<byte[], byte[]> target);
    }

    private PartitionWorkers() {
    }

    static List<PartitionComparison> run(List<PartitionTask> tasks, int most,
                                         Supplier<Consumer<byte[], byte[]>> sourceConsumer,
                                         Supplier<Consumer<byte[], byte[]>> targetConsumer, Comparison comparison) {
        int workers = Math.min(most, tasks.size());
        if (workers == 0) {
            return List.of();
        }
        PartitionComparison[] results = new PartitionComparison[tasks.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "tandem-compare-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    try (Consumer<byte[], byte[]> source = sourceConsumer.get();
                         Consumer<byte[], byte[]> target = targetConsumer.get()) {
                        for (int i = next.getAndIncrement(); i < tasks.size() && !failed.get();
                             i = next.getAndIncrement()) {
                            results[i] = comparison.compare(tasks.get(i), source, target);
                        }
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                }));
            }
            // Every worker ends (and closes its consumers) before the first failure is thrown.
            RuntimeException first = null;
            for (Future<?> worker : running) {
                try {
                    await(worker);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
        return Arrays.asList(results);
    }

    private static void await(Future<?> worker) {
        try {
            worker.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("a comparison failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while comparing", e);
        }
    }
}
