package dev.tandem.replicator.checkpoints;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointRecordFormat;
import dev.tandem.kafka.InternalTopics;
import dev.tandem.kafka.KafkaCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Checkpoints into the compacted {@code __tandem.checkpoints} topic on the target cluster, so the
 * target data center holds them even when the store's host is lost. Compaction keeps the latest
 * per flow, group and partition; {@link #RETENTION} drops keys no longer confirmed.
 */
final class CheckpointTopicSink {

    static final Duration RETENTION = Duration.ofDays(7);

    private final Producer<byte[], byte[]> producer;
    private final String cluster;

    CheckpointTopicSink(Producer<byte[], byte[]> producer, String cluster) {
        this.producer = producer;
        this.cluster = cluster;
    }

    /** Creates the topic on the target when missing. */
    static void ensureTopic(Admin target, String cluster) {
        NewTopic topic = new NewTopic(InternalTopics.CHECKPOINTS, Optional.of(3), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact,delete", "retention.ms", String.valueOf(RETENTION.toMillis()),
                        // segments roll hourly, so the cleaner compacts them and readers do not wade through duplicates
                        "segment.ms", "3600000"));
        KafkaCalls.createIfMissing(target, cluster, topic);
    }

    /** Checkpoints sent to the topic, not yet known to be acknowledged. */
    final class Pending {
        private final List<Future<?>> writes;

        private Pending(List<Future<?>> writes) {
            this.writes = writes;
        }

        /** Waits until the target acknowledged every one of them. */
        void await() {
            for (Future<?> write : writes) {
                KafkaCalls.await(write, cluster, "write checkpoints to " + InternalTopics.CHECKPOINTS, Duration.ofSeconds(60));
            }
        }
    }

    /** Sends the checkpoints; the caller awaits them (and meanwhile writes them to the store). */
    Pending send(List<Checkpoint> checkpoints) {
        List<Future<?>> writes = new ArrayList<>(checkpoints.size());
        for (Checkpoint checkpoint : checkpoints) {
            writes.add(producer.send(new ProducerRecord<>(InternalTopics.CHECKPOINTS,
                    CheckpointRecordFormat.key(checkpoint), CheckpointRecordFormat.value(checkpoint))));
        }
        return new Pending(writes);
    }
}
