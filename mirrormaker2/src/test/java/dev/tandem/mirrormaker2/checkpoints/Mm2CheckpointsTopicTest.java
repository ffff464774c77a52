package dev.tandem.mirrormaker2.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.Naming;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Mm2CheckpointsTopicTest {

    @Test
    void aReplicaIsTheFlowsOnlyWhenItsNameHasTheSourcesPrefix() {
        assertThat(Mm2CheckpointsTopic.sourceTopic(Naming.PREFIX, "dc1", "dc1.orders")).contains("orders");
        assertThat(Mm2CheckpointsTopic.sourceTopic(new Naming(Naming.Kind.PREFIX, "_"), "dc1", "dc1_orders"))
                .contains("orders");
        assertThat(Mm2CheckpointsTopic.sourceTopic(Naming.PREFIX, "dc1", "orders"))
                .as("a topic renamed back in active-active").isEqualTo(Optional.empty());
        assertThat(Mm2CheckpointsTopic.sourceTopic(Naming.IDENTITY, "dc1", "orders")).contains("orders");
    }
}
