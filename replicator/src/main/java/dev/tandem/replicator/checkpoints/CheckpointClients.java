package dev.tandem.replicator.checkpoints;

import dev.tandem.kafka.ConsumerGroups;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.LoggerFactory;

/**
 * The Kafka clients of one flow's checkpointer: group offsets on the source, groups and the
 * checkpoint topic on the target. Closes them in reverse order.
 */
public final class CheckpointClients implements AutoCloseable {

    private final List<AutoCloseable> opened;
    private final SourceGroupOffsets source;
    private final ConsumerGroups target;
    private final CheckpointTopicSink topic;

    private CheckpointClients(List<AutoCloseable> opened, SourceGroupOffsets source, ConsumerGroups target,
                              CheckpointTopicSink topic) {
        this.opened = opened;
        this.source = source;
        this.target = target;
        this.topic = topic;
    }

    /** Opens the clients and creates the checkpoint topic on the target when missing. */
    public static CheckpointClients open(KafkaClients clients, Playbook playbook, Flow flow) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Admin sourceAdmin = clients.admin(playbook.cluster(flow.source()));
            opened.add(sourceAdmin);
            Admin targetAdmin = clients.admin(playbook.cluster(flow.target()));
            opened.add(targetAdmin);
            Producer<byte[], byte[]> producer = clients.producer(playbook.cluster(flow.target()), Map.of(
                    ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000));
            opened.add(producer);
            CheckpointTopicSink.ensureTopic(targetAdmin, flow.target());
            return new CheckpointClients(opened, new SourceGroupOffsets(sourceAdmin, flow.source(), flow),
                    new ConsumerGroups(targetAdmin, flow.target()), new CheckpointTopicSink(producer, flow.target()));
        } catch (RuntimeException e) {
            new CheckpointClients(opened, null, null, null).close();
            throw e;
        }
    }

    SourceGroupOffsets source() {
        return source;
    }

    ConsumerGroups target() {
        return target;
    }

    CheckpointTopicSink topic() {
        return topic;
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(opened);
        Collections.reverse(reversed);
        for (AutoCloseable client : reversed) {
            try {
                client.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(CheckpointClients.class).warn("closing a Kafka client failed: {}", e.getMessage());
            }
        }
    }
}
