package dev.tandem.verifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyCheckTest {

    @Test
    void reportsMissingReplicasFewerPartitionsAndSettingsThatDiffer() {
        List<TopicShape> sources = List.of(
                new TopicShape("orders", 3, Map.of("retention.ms", "1000", "message.timestamp.type", "LogAppendTime")),
                new TopicShape("payments", 2, Map.of()),
                new TopicShape("audit", 4, Map.of("min.insync.replicas", "2")));
        Map<String, TopicShape> replicas = Map.of(
                "east.orders", new TopicShape("east.orders", 2, Map.of("retention.ms", "5000")),
                "east.audit", new TopicShape("east.audit", 4, Map.of("min.insync.replicas", "1")));

        TopologyResult result = TopologyCheck.compare(sources, replicas, t -> "east." + t, Map.of("east.audit", 1));

        assertThat(result.checked()).isEqualTo(3);
        assertThat(result.problems()).extracting(TopologyResult.Problem::topic, TopologyResult.Problem::kind)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("orders", TopologyCheck.PARTITIONS),
                        org.assertj.core.groups.Tuple.tuple("orders", TopologyCheck.SETTING),
                        org.assertj.core.groups.Tuple.tuple("payments", TopologyCheck.MISSING));
        assertThat(result.problems()).anySatisfy(p -> assertThat(p.detail())
                .isEqualTo("retention.ms is 1000 on the source but 5000 on east.orders"));
    }
}
