package dev.tandem.replicator.copy;

import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the producer for the metadata of replicas it is about to write to, several at once, in the
 * background. A producer's first send to a topic waits for that topic's metadata, one topic after
 * another on the copy loop's thread: a flow over 1,000 one-partition topics spent most of its copy
 * waiting so (about 10 ms a topic). Asked side by side, the producer fetches the topics added meanwhile
 * in one request. Nothing depends on it: a send to a topic not warmed yet waits as before.
 */
final class MetadataWarmup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataWarmup.class);
    /** Enough that a round of metadata requests carries many topics; few enough to stay cheap. */
    static final int THREADS = 16;
    /** Below this many new replicas the copy loop's own waits cost less than starting threads. */
    static final int AT_LEAST = 32;

    private final Producer<?, ?> producer;
    private final String flow;
    private ExecutorService pool;

    MetadataWarmup(Producer<?, ?> producer, String flow) {
        this.producer = producer;
        this.flow = flow;
    }

    /** Starts fetching the metadata of {@code replicas}; returns at once. */
    synchronized void warm(Collection<String> replicas) {
        if (replicas.size() < AT_LEAST) {
            return;
        }
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(THREADS, r -> {
                Thread t = new Thread(r, "tandem-metadata-" + flow + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        LOG.debug("flow {}: fetching the metadata of {} replicas ahead of their first copies", flow, replicas.size());
        for (String replica : replicas) {
            pool.execute(() -> {
                try {
                    producer.partitionsFor(replica);
                } catch (RuntimeException e) {
                    // its first send waits and tells, as without the warm-up (or the session ended: the producer closed)
                }
            });
        }
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
