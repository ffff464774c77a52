package dev.tandem.replicator.offsets;

import dev.tandem.failures.Failure;
import dev.tandem.failures.FailureClassifier;
import dev.tandem.kafka.InternalTopics;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.offsets.SyncPointRecordFormat;
import dev.tandem.playbook.Flow;
import dev.tandem.replicator.ReplicationFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sync points into {@code __tandem.sync-points} on the target cluster, so the target data center
 * holds them even if the replicator's host and its store are lost. Compacted per key and
 * deleted after {@link #RETENTION}, which bounds the topic.
 */
public final class TopicSyncPointSink implements SyncPointSink {

    public static final Duration RETENTION = Duration.ofDays(7);

    private final Flow flow;
    private final Producer<byte[], byte[]> producer;

    public TopicSyncPointSink(Flow flow, Producer<byte[], byte[]> producer) {
        this.flow = flow;
        this.producer = producer;
    }

    /** Creates the topic on the target when missing. */
    public static void ensureTopic(Admin target, String cluster) {
        NewTopic topic = new NewTopic(InternalTopics.SYNC_POINTS, Optional.of(3), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact,delete", "retention.ms", String.valueOf(RETENTION.toMillis()),
                        // segments roll hourly, so the cleaner compacts them and readers do not wade through duplicates
                        "segment.ms", "3600000"));
        dev.tandem.kafka.KafkaCalls.createIfMissing(target, cluster, topic);
    }

    @Override
    public void record(List<SyncPoint> points, List<dev.tandem.store.SyncPointRepository.Progress> progress) {
        List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
        for (SyncPoint point : points) {
            writes.add(producer.send(new ProducerRecord<>(InternalTopics.SYNC_POINTS,
                    SyncPointRecordFormat.key(flow.name(), point),
                    SyncPointRecordFormat.value(flow.targetTopic(point.sourceTopic()), point))));
        }
        // Saved before the source offsets they cover are committed, like the store's copy.
        for (java.util.concurrent.Future<?> write : writes) {
            try {
                write.get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplicationFailedException("flow " + flow.name() + ": interrupted while writing sync points",
                        FailureClassifier.ofWrite(flow.target(), InternalTopics.SYNC_POINTS, e), e);
            } catch (Exception e) {
                Failure failure = FailureClassifier.ofWrite(flow.target(), InternalTopics.SYNC_POINTS, e);
                throw new ReplicationFailedException("flow " + flow.name() + ": "
                        + (failure instanceof Failure.NotAuthorized denied ? denied.describe()
                        : "writing sync points to " + InternalTopics.SYNC_POINTS + " on " + flow.target() + " failed: "
                        + e.getMessage()), failure, e);
            }
        }
    }
}
