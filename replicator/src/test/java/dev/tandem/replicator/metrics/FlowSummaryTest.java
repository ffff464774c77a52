package dev.tandem.replicator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The summary line: what it says about being behind, caught up, or holding nothing. */
class FlowSummaryTest {

    @Test
    void aProcessWithoutPartitionsIsNotCaughtUp() {
        assertThat(FlowSummary.line("orders", 0, 0, 0, 0))
                .isEqualTo("flow orders: 0 records copied (0/s), 0 behind (no partition assigned to this process),"
                        + " 0 partitions assigned");
    }

    @Test
    void nothingBehindOnItsPartitionsIsCaughtUpAndABacklogHasAnEta() {
        assertThat(FlowSummary.line("orders", 500, 50, 0, 8)).contains("0 behind (caught up)");
        assertThat(FlowSummary.line("orders", 500, 50, 1_000, 8)).contains("1000 behind (ETA 20 s)");
        assertThat(FlowSummary.line("orders", 500, 0, 1_000, 8)).contains("1000 behind (no progress)");
    }
}
