package dev.tandem.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamingTest {

    @Test
    void aReplicaNamesItsSourceTopicOnlyWhenItHasTheSourcesPrefix() {
        Naming underscore = new Naming(Naming.Kind.PREFIX, "_");
        assertThat(Naming.PREFIX.sourceTopic("dc1", Naming.PREFIX.targetTopic("dc1", "orders"))).contains("orders");
        assertThat(underscore.sourceTopic("dc1", underscore.targetTopic("dc1", "orders"))).contains("orders");
        assertThat(Naming.PREFIX.sourceTopic("dc1", "orders")).as("a topic renamed back in active-active")
                .isEqualTo(Optional.empty());
        assertThat(Naming.PREFIX.sourceTopic("dc1", "dc1.")).isEqualTo(Optional.empty());
        assertThat(Naming.IDENTITY.sourceTopic("dc1", "orders")).contains("orders");
    }
}
