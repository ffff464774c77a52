package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.replicator.ReplicationFailedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class SourceTopicWatchTest {

    private static final Uuid OLD = Uuid.randomUuid();
    private static final Uuid NEW = Uuid.randomUuid();

    @Test
    void onlyATopicWithAnotherIdNowIsReCreated() {
        Map<String, Uuid[]> recreated = SourceTopicWatch.recreated(Map.of("orders", OLD, "payments", OLD, "gone", OLD),
                Map.of("orders", NEW, "payments", OLD));
        assertThat(recreated).containsOnlyKeys("orders");
        assertThat(recreated.get("orders")).containsExactly(OLD, NEW);
    }

    @Test
    void checksTheIdsAssignedAndSaysWhichTopicChanged() {
        Map<String, Uuid> now = new HashMap<>(Map.of("orders", OLD, "payments", OLD));
        SourceTopicWatch watch = new SourceTopicWatch(new EngineFixture().flow, topics -> {
            Map<String, Uuid> asked = new HashMap<>(now);
            asked.keySet().retainAll(topics);
            return asked;
        });
        watch.assigned(List.of("orders", "payments"));
        watch.throwIfRecreated(List.of("orders", "payments", "never-assigned"));

        now.put("payments", NEW);
        watch.throwIfRecreated(List.of("orders")); // the check covers only what a commit covers
        assertThatThrownBy(() -> watch.throwIfRecreated(List.of("orders", "payments")))
                .isInstanceOf(ReplicationFailedException.class)
                .hasMessageStartingWith("flow east-to-west: east payments was deleted and re-created while the flow"
                        + " copied it (topic ID " + OLD + ", now " + NEW + ")")
                .satisfies(e -> assertThat(((ReplicationFailedException) e).failure().retryMayHelp()).isTrue());

        watch.assigned(List.of("payments")); // assigned again: the new topic's ID is the one copied now
        watch.throwIfRecreated(List.of("orders", "payments"));
    }

    @Test
    void aSourceThatDoesNotAnswerPassesTheCheck() {
        SourceTopicWatch watch = new SourceTopicWatch(new EngineFixture().flow, topics -> {
            throw new org.apache.kafka.common.errors.TimeoutException("no answer");
        });
        watch.assigned(Map.of("orders", OLD));
        assertThat(watch.recreatedAmong(List.of("orders"))).isEmpty();
    }

    @Test
    void topicsAssignedWhileTheSourceDidNotAnswerAreLearnedAtTheFirstCheckThatGetsAnAnswer() {
        Map<String, Uuid> now = new HashMap<>(Map.of("orders", OLD));
        boolean[] answering = {false};
        SourceTopicWatch watch = new SourceTopicWatch(new EngineFixture().flow, topics -> {
            if (!answering[0]) {
                throw new org.apache.kafka.common.errors.TimeoutException("no answer");
            }
            return Map.copyOf(now);
        });
        watch.assigned(List.of("orders")); // fails nothing
        answering[0] = true;
        watch.throwIfRecreated(List.of("orders")); // learns OLD

        now.put("orders", NEW);
        assertThatThrownBy(() -> watch.throwIfRecreated(List.of("orders"))).hasMessageContaining("now " + NEW);
    }
}
