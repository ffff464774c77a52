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

    private static Takeover.Verdict decide(Optional<Mm2Positions> first, Optional<Mm2Positions> again, int members,
                                           Map<TopicPartition, Long> own) {
        return Takeover.decide("dc1", "dc2", TOPIC, first, again, Duration.ofSeconds(5), members,
                topic -> topic.equals("orders"), own);
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
