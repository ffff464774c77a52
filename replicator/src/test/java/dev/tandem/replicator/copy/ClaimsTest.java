package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.Partition;
import dev.tandem.store.Owner;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ClaimsTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    @Test
    void aSaveClaimsWhatWasAssignedWhenItBegan() {
        Claims claims = new Claims();
        claims.assigned(List.of(P0, P1));
        Claims.Claim claim = claims.claim("m-1");
        assertThat(claim.owner()).isEqualTo(Owner.member("m-1", Set.of(new Partition("orders", 0),
                new Partition("orders", 1))));

        claims.saved(claim);

        assertThat(claims.any()).isFalse();
    }

    @Test
    void aPartitionGivenBackDuringASaveIsClaimedByTheNextSave() {
        Claims claims = new Claims();
        claims.assigned(List.of(P0));
        Claims.Claim claim = claims.claim("m-1");
        claims.gone(List.of(P0)); // lost while the save was in flight
        claims.assigned(List.of(P0)); // and given back

        claims.saved(claim);

        assertThat(claims.any()).as("its new assignment is not claimed yet").isTrue();
    }
}
