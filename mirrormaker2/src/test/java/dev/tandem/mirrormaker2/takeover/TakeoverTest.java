package dev.tandem.mirrormaker2.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TakeoverTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition AUDIT_0 = new TopicPartition("audit", 0);
    private static final String TOPIC = Mm2Positions.offsetsTopic("dc1");

    private static Optional<Mm2Positions> positions(Map<TopicPartition, Long> lastCopied) {
        return Optional.of(new Mm2Positions(TOPIC, "dc2", lastCopied));
    }

    private static final Takeover.Where WHERE = new Takeover.Where("dc1-to-dc2", "dc1", "dc2", TOPIC,
            "tandem.replicator.dc1-to-dc2");
    private static final Map<TopicPartition, Long> SOURCE_ENDS = Map.of(ORDERS_0, 100L, ORDERS_1, 50L, AUDIT_0, 10L);
    private static final Map<TopicPartition, Long> REPLICA_ENDS = Map.of(new TopicPartition("dc1.orders", 0), 42L,
            new TopicPartition("dc1.orders", 1), 10L);

    private static Takeover.Verdict decide(Optional<Mm2Positions> first, Optional<Mm2Positions> again, int members,
                                           Map<TopicPartition, Long> own) {
        return decide(new Takeover.Readings(first, again, members, 0, own, SOURCE_ENDS, REPLICA_ENDS));
    }

    private static Takeover.Verdict decide(Takeover.Readings readings) {
        return Takeover.decide(WHERE, readings, Duration.ofSeconds(5), topic -> topic.equals("orders"),
                topic -> "dc1." + topic);
    }

    private static String reason(Takeover.Verdict verdict) {
        assertThat(verdict).isInstanceOf(Takeover.Refused.class);
        return ((Takeover.Refused) verdict).reason();
    }

    @Test
    void partitionsWithoutProgressOfTheFlowsOwnStartAfterMirrorMaker2sLastCopy() {
        Takeover.Verdict verdict = decide(positions(Map.of(ORDERS_0, 41L, ORDERS_1, 9L, AUDIT_0, 3L)),
                positions(Map.of(ORDERS_0, 41L, ORDERS_1, 9L, AUDIT_0, 7L)), 0, Map.of(ORDERS_1, 15L));
        assertThat(verdict).isEqualTo(new Takeover.Start(Map.of(ORDERS_0, 42L)));
    }

    @Test
    void refusedWhileMirrorMaker2sWorkerGroupHasMembers() {
        assertThat(decide(positions(Map.of(ORDERS_0, 41L)), Optional.empty(), 1, Map.of()))
                .isEqualTo(new Takeover.Refused("MirrorMaker 2 still runs: its worker group dc1-mm2 on dc2 has 1"
                        + " member(s); stop MirrorMaker 2 first (a takeover continues where it stopped; both copying at"
                        + " once would write records twice)"));
    }

    @Test
    void refusedWhenAPositionToTakeOverMovedBetweenTheReadings() {
        assertThat(decide(positions(Map.of(ORDERS_0, 41L)), positions(Map.of(ORDERS_0, 57L)), 0, Map.of()))
                .isEqualTo(new Takeover.Refused("MirrorMaker 2 still copies: its position of orders-0 in "
                        + TOPIC + " on dc2 moved from 41 to 57 within 5 s; stop MirrorMaker 2 first"));
    }

    @Test
    void withoutMirrorMaker2PositionsItIsRefusedUnlessTheFlowHasProgressOfItsOwn() {
        assertThat(decide(Optional.empty(), Optional.empty(), 0, Map.of())).isInstanceOf(Takeover.Refused.class)
                .extracting(v -> ((Takeover.Refused) v).reason()).asString()
                .contains("looked in " + TOPIC + " on dc2 for cluster dc1, and the topic does not exist");
        assertThat(decide(positions(Map.of(AUDIT_0, 3L)), Optional.empty(), 0, Map.of()))
                .extracting(v -> ((Takeover.Refused) v).reason()).asString()
                .contains("only for topics the flow does not select");
        assertThat(decide(Optional.empty(), Optional.empty(), 0, Map.of(ORDERS_0, 12L)))
                .as("MirrorMaker 2's topics retired after the takeover").isEqualTo(new Takeover.Start(Map.of()));
    }

    @Test
    void refusedWhenAnotherReplicatorOfTheFlowRunsAPositionIsPastItsPartitionsEndOrTheReplicaIsNotMirrorMaker2s() {
        assertThat(reason(decide(new Takeover.Readings(positions(Map.of(ORDERS_0, 41L)), Optional.empty(), 0, 2,
                Map.of(), SOURCE_ENDS, REPLICA_ENDS)))).startsWith("another replicator of flow dc1-to-dc2 runs (group"
                + " tandem.replicator.dc1-to-dc2 on dc1 has 2 member(s))");
        assertThat(reason(decide(positions(Map.of(ORDERS_1, 50L)), Optional.empty(), 0, Map.of())))
                .startsWith("MirrorMaker 2's position of orders-1 (last copied 50) is past the partition's end 50 on dc1:"
                        + " the topic was recreated or truncated since");
        assertThat(reason(decide(new Takeover.Readings(positions(Map.of(ORDERS_0, 41L)), Optional.empty(), 0, 0,
                Map.of(), SOURCE_ENDS, Map.of())))).startsWith("MirrorMaker 2 copied orders-0 up to offset 41, but the"
                + " flow's replica dc1.orders-0 on dc2 does not exist: the flow's naming does not name MirrorMaker 2's"
                + " replicas");
        assertThat(decide(positions(Map.of(ORDERS_0, 41L, new TopicPartition("orders", 7), 3L)), Optional.empty(), 0,
                Map.of())).as("a partition that no longer exists on the source is left out")
                .isEqualTo(new Takeover.Start(Map.of(ORDERS_0, 42L)));
    }

    @Test
    void connectOffsetRecordsAreReadAsMirrorMaker2WritesThem() {
        ConnectOffsetRecord position = ConnectOffsetRecord.parse(bytes(
                "[\"MirrorSourceConnector\",{\"cluster\":\"dc1\",\"partition\":3,\"topic\":\"orders\"}]"),
                bytes("{\"offset\":41}"));
        assertThat(position).isEqualTo(new ConnectOffsetRecord("MirrorSourceConnector", "dc1",
                new TopicPartition("orders", 3), OptionalLong.of(41)));
        assertThat(ConnectOffsetRecord.parse(bytes("[\"MirrorSourceConnector\",{\"cluster\":\"dc1\",\"partition\":3,"
                + "\"topic\":\"orders\"}]"), null).lastCopied()).as("a tombstone").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectOffsetRecord.parse(bytes("{\"offset\":1}"),
                bytes("{\"offset\":1}"))).hasMessage("key is not [connector, {partition}]");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
