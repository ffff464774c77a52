package dev.tandem.verifier.compare;

import dev.tandem.kafka.ClusterUnreachableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition read by an assigned consumer from an offset to a fixed end. A thread of its own
 * polls and decodes while the comparison compares, at most {@link #AHEAD} polls ahead, so memory
 * stays bounded by a few polls' worth of records. No record for {@code stall} while short of the
 * end is the cluster being unreachable. {@link #close()} stops the thread before the consumer
 * reads another partition.
 */
final class ConsumerRecordStream implements RecordStream, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final int AHEAD = 2;
    private static final List<ComparedRecord> END = List.of();

    private final Consumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final long end;
    private final Duration stall;
    private final Clock clock;
    private final String cluster;
    private final BlockingQueue<List<ComparedRecord>> batches = new ArrayBlockingQueue<>(AHEAD);
    private final Thread reader;
    private volatile RuntimeException failure;
    private volatile boolean closed;
    private volatile long bytes;
    private Iterator<ComparedRecord> batch = Collections.emptyIterator();
    private ComparedRecord next;
    private boolean ended;

    ConsumerRecordStream(Consumer<byte[], byte[]> consumer, TopicPartition partition, long from, long end,
                         Duration stall, Clock clock, String cluster) {
        this.consumer = consumer;
        this.partition = partition;
        this.end = end;
        this.stall = stall;
        this.clock = clock;
        this.cluster = cluster;
        this.reader = new Thread(() -> read(from), "tandem-compare-" + cluster + "-" + partition);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public ComparedRecord peek() {
        if (next == null && !ended) {
            next = take();
            ended = next == null;
        }
        return next;
    }

    @Override
    public ComparedRecord next() {
        ComparedRecord record = peek();
        next = null;
        return record;
    }

    /** Key and value bytes read so far. */
    long bytes() {
        return bytes;
    }

    private ComparedRecord take() {
        while (!batch.hasNext()) {
            List<ComparedRecord> polled;
            try {
                polled = batches.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while comparing " + partition, e);
            }
            if (polled == END) {
                if (failure != null) {
                    throw failure;
                }
                return null;
            }
            batch = polled.iterator();
        }
        return batch.next();
    }

    /** The reader thread: the consumer is only touched here while the stream is open. */
    private void read(long from) {
        try {
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            Instant deadline = clock.instant().plus(stall);
            while (!closed && consumer.position(partition) < end) {
                List<ConsumerRecord<byte[], byte[]>> polled = consumer.poll(POLL).records(partition);
                if (polled.isEmpty()) {
                    if (clock.instant().isAfter(deadline)) {
                        throw new ClusterUnreachableException(cluster, "read " + partition + " (no record for "
                                + stall.toSeconds() + " s at offset " + consumer.position(partition) + ", end " + end
                                + ")", new org.apache.kafka.common.errors.TimeoutException("read stalled"));
                    }
                    continue;
                }
                List<ComparedRecord> decoded = new ArrayList<>(polled.size());
                long read = 0;
                for (ConsumerRecord<byte[], byte[]> record : polled) {
                    if (record.offset() >= end) {
                        break;
                    }
                    read += (record.key() == null ? 0 : record.key().length)
                            + (record.value() == null ? 0 : record.value().length);
                    decoded.add(ComparedRecord.of(record));
                }
                bytes += read;
                while (!closed && !batches.offer(decoded, 100, TimeUnit.MILLISECONDS)) {
                    // the comparison is behind: wait, holding at most AHEAD polls
                }
                deadline = clock.instant().plus(stall);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            failure = new IllegalStateException("reading " + partition + " on " + cluster + " failed: " + e, e);
            throw e;
        } finally {
            ended();
        }
    }

    private void ended() {
        try {
            while (!closed && !batches.offer(END, 100, TimeUnit.MILLISECONDS)) {
                // wait until the comparison takes a batch
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the reader thread (the comparison may stop before the end) and waits for it: it sees
     * {@code closed} within a poll's timeout. No {@code wakeup()}: one left pending (a poll that
     * returned buffered records does not consume it) would end the next partition's stream at once.
     */
    @Override
    public void close() {
        closed = true;
        batches.clear();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            throw new IllegalStateException("the reader of " + partition + " on " + cluster + " did not stop");
        }
        consumer.unsubscribe();
    }
}
