package dev.tandem.mirrormaker2.takeover;

import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.KafkaCalls;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.KafkaOperationException;
import dev.tandem.kafka.TopicSnapshot;
import dev.tandem.playbook.ClusterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads what a MirrorMaker 2 deployment in dedicated mode keeps on its target: its positions, its worker group. */
public final class Mm2OffsetsTopic {

    private static final Logger LOG = LoggerFactory.getLogger(Mm2OffsetsTopic.class);
    /** Reading the offsets topic must end within this time, or the cluster counts as unreachable. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaClients clients;
    private final ClusterSpec target;
    private final Clock clock;

    public Mm2OffsetsTopic(KafkaClients clients, ClusterSpec target, Clock clock) {
        this.clients = clients;
        this.target = target;
        this.clock = clock;
    }

    /**
     * The positions of MirrorMaker 2's source connector for {@code source} (the alias MirrorMaker 2
     * knows it by); empty when the offsets topic does not exist on the target.
     */
    public Optional<Mm2Positions> read(String source) {
        String topic = Mm2Positions.offsetsTopic(source);
        Map<TopicPartition, Long> lastCopied = new HashMap<>();
        boolean exists = TopicSnapshot.read(clients, target, topic, READ_TIMEOUT, clock, record -> {
            ConnectOffsetRecord position;
            try {
                position = ConnectOffsetRecord.parse(record.key(), record.value());
            } catch (IllegalArgumentException e) {
                LOG.debug("{} offset {} of partition {} left out: {}", topic, record.offset(), record.partition(),
                        e.getMessage());
                return;
            }
            if (!position.connector().equals(ConnectOffsetRecord.SOURCE_CONNECTOR) || !position.cluster().equals(source)) {
                return;
            }
            position.lastCopied().ifPresentOrElse(offset -> lastCopied.put(position.source(), offset),
                    () -> lastCopied.remove(position.source()));
        });
        if (!exists) {
            return Optional.empty();
        }
        return Optional.of(new Mm2Positions(topic, target.alias(), lastCopied));
    }

    /**
     * How many members MirrorMaker 2's worker group for {@code source} has on the target now: more
     * than 0 while it runs. Its offsets are asked first, which needs DESCRIBE on the group: without
     * it Kafka leaves the group out of the group listing, and a running MirrorMaker 2 would look
     * stopped; with it refused, this throws (not authorized) instead.
     */
    public int workerMembers(String source) {
        String group = Mm2Positions.workerGroup(source);
        try (Admin admin = clients.admin(target)) {
            KafkaCalls.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), target.alias(),
                    "describe group " + group);
            // Listed first: describing a group that does not exist makes the admin client log an error.
            boolean exists = KafkaCalls.await(admin.listGroups().all(), target.alias(), "list groups").stream()
                    .anyMatch(g -> g.groupId().equals(group));
            if (!exists) {
                return 0;
            }
            Map<String, ClassicGroupDescription> described = KafkaCalls.await(
                    admin.describeClassicGroups(List.of(group)).all(), target.alias(), "describe group " + group);
            ClassicGroupDescription description = described.get(group);
            return description == null ? 0 : description.members().size();
        } catch (ClusterUnreachableException | KafkaOperationException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }
}
