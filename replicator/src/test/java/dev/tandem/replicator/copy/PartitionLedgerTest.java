package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartitionLedgerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T20:00:00Z");

    @Test
    void aCopyLandingBeforeTheReplicasKnownEndIsARewoundReplica() {
        PartitionLedger ledger = new PartitionLedger("orders", 0, Duration.ofSeconds(1));
        ledger.sent(0);
        ledger.sent(1);
        assertThat(ledger.acknowledged(0, 40, -1, NOW)).isTrue();
        assertThat(ledger.acknowledged(1, 41, -1, NOW)).isTrue();
        ledger.sent(2);
        assertThatThrownBy(() -> ledger.acknowledged(2, 0, -1, NOW))
                .isInstanceOf(PartitionLedger.ReplicaRewound.class).hasMessageContaining("offset 0, before the replica's end 42");
        assertThat(ledger.settle(Optional.empty()).nextSourceOffset()).as("the rewound copy is not committed")
                .hasValue(2);
    }

    @Test
    void theReplicaEndOfTheLastCommitIsTheFloorOfANewSession() {
        PartitionLedger ledger = new PartitionLedger("orders", 0, Duration.ofSeconds(1));
        ledger.replicaEndedAt(500);
        ledger.sent(300);
        assertThatThrownBy(() -> ledger.acknowledged(300, 12, -1, NOW))
                .isInstanceOf(PartitionLedger.ReplicaRewound.class);
        PartitionLedger duplicates = new PartitionLedger("orders", 0, Duration.ofSeconds(1));
        duplicates.replicaEndedAt(500);
        duplicates.sent(300);
        assertThat(duplicates.acknowledged(300, 520, -1, NOW))
                .as("copies made again after a crash land after the end").isTrue();
    }
}
