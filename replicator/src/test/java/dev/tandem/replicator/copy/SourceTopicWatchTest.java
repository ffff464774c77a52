package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.replicator.ReplicationFailedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class SourceTopicWatchTest {

    private static final Uuid OLD = Uuid.randomUuid();
    private static final Uuid NEW = Uuid.randomUuid();
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition PAYMENTS_0 = new TopicPartition("payments", 0);

    private final Map<String, Uuid> now = new HashMap<>(Map.of("orders", OLD, "payments", OLD));
    private final SourceTopicWatch watch = new SourceTopicWatch(new EngineFixture().flow, topics -> {
        Map<String, Uuid> asked = new HashMap<>(now);
        asked.keySet().retainAll(topics);
        return asked;
    });

    @Test
    void onlyAPartitionWhoseTopicHasAnotherIdNowIsReCreated() {
        Map<TopicPartition, SourceTopicWatch.Change> recreated = SourceTopicWatch.recreated(Map.of(ORDERS_0, OLD, PAYMENTS_0, OLD,
                new TopicPartition("gone", 0), OLD), Map.of("orders", NEW, "payments", OLD));
        assertThat(recreated).containsOnlyKeys(ORDERS_0);
        assertThat(recreated.get(ORDERS_0)).isEqualTo(new SourceTopicWatch.Change(OLD, NEW));
    }

    @Test
    void checksTheIdsAssignedAndSaysWhichTopicChanged() {
        assertThat(watch.assigned(List.of(ORDERS_0, PAYMENTS_0))).isEqualTo(Map.of("orders", OLD, "payments", OLD));
        assertThat(watch.idOf(ORDERS_0)).contains(OLD);
        watch.throwIfRecreated(List.of(ORDERS_0, PAYMENTS_0, new TopicPartition("never-assigned", 0)));

        now.put("payments", NEW);
        watch.throwIfRecreated(List.of(ORDERS_0)); // the check covers only what a commit covers
        assertThatThrownBy(() -> watch.throwIfRecreated(List.of(ORDERS_0, PAYMENTS_0)))
                .isInstanceOf(ReplicationFailedException.class)
                .hasMessageStartingWith("flow east-to-west: east payments was deleted and re-created while the flow"
                        + " copied it (topic ID " + OLD + ", now " + NEW + ")")
                .satisfies(e -> assertThat(((ReplicationFailedException) e).failure().retryMayHelp()).isTrue());

        watch.assigned(List.of(PAYMENTS_0)); // assigned again: the new topic's ID is the one copied now
        watch.throwIfRecreated(List.of(ORDERS_0, PAYMENTS_0));
        assertThat(watch.idOf(PAYMENTS_0)).contains(NEW);
    }

    @Test
    void aPartitionKeptThroughTheReCreationIsCaughtWhenAnotherOfItsTopicIsAssignedAfterIt() {
        watch.assigned(List.of(ORDERS_0));
        now.put("orders", NEW);
        watch.assigned(List.of(ORDERS_1)); // cooperative: orders-1 moves in, orders-0 stays

        watch.throwIfRecreated(List.of(ORDERS_1));
        assertThatThrownBy(() -> watch.throwIfRecreated(List.of(ORDERS_0, ORDERS_1)))
                .isInstanceOf(ReplicationFailedException.class).hasMessageContaining("now " + NEW);
    }

    @Test
    void aSourceThatDoesNotAnswerPassesTheCheck() {
        SourceTopicWatch silent = new SourceTopicWatch(new EngineFixture().flow, topics -> {
            throw new org.apache.kafka.common.errors.TimeoutException("no answer");
        });
        silent.assigned(List.of(ORDERS_0), Map.of("orders", OLD));
        assertThat(silent.recreatedAmong(List.of(ORDERS_0))).isEmpty();
    }

    @Test
    void partitionsAssignedWhileTheSourceDidNotAnswerAreLearnedAtTheFirstCheckThatGetsAnAnswer() {
        boolean[] answering = {false};
        SourceTopicWatch watch = new SourceTopicWatch(new EngineFixture().flow, topics -> {
            if (!answering[0]) {
                throw new org.apache.kafka.common.errors.TimeoutException("no answer");
            }
            return Map.copyOf(now);
        });
        assertThat(watch.assigned(List.of(ORDERS_0))).as("fails nothing").isEmpty();
        assertThat(watch.idOf(ORDERS_0)).isEmpty();
        answering[0] = true;
        watch.throwIfRecreated(List.of(ORDERS_0)); // learns OLD
        assertThat(watch.idOf(ORDERS_0)).contains(OLD);

        now.put("orders", NEW);
        assertThatThrownBy(() -> watch.throwIfRecreated(List.of(ORDERS_0))).hasMessageContaining("now " + NEW);
    }
}
