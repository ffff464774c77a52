package dev.tandem.replicator.copy;

import static dev.tandem.replicator.copy.EngineFixture.P0;
import static dev.tandem.replicator.copy.EngineFixture.P1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The copy loop on Kafka's mock consumer: whether the flow has caught up with its partitions. */
class CopyLoopTest {

    private final EngineFixture engine = new EngineFixture(P0, P1);

    @Test
    void theFlowHasCaughtUpOnceEveryPartitionItCopiesIsReadToItsEnd() {
        engine.write(P0, 0, 3);
        engine.write(P1, 0, 2);
        engine.consumer.updateEndOffsets(Map.of(P0, 3L, P1, 4L));
        engine.loop.copyBatch(() -> false);

        assertThat(engine.loop.caughtUp()).as("orders-1 has two records left").isFalse();

        engine.consumer.pause(List.of(P1));
        assertThat(engine.loop.caughtUp()).as("a paused partition copies nothing: it is not waited for").isTrue();

        engine.consumer.resume(List.of(P1));
        engine.write(P1, 2, 2);
        engine.loop.copyBatch(() -> false);
        assertThat(engine.loop.caughtUp()).isTrue();
    }

    @Test
    void aSessionGivenNoPartitionHasNotCaughtUp() {
        engine.consumer.unsubscribe();

        assertThat(engine.loop.caughtUp()).isFalse();
    }
}
