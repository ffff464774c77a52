package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceGapsTest {

    @Test
    void aPositionBelowTheLogStartLosesTheRecordsBetween() {
        assertThat(SourceGaps.Gap.of(100, 500, 1000)).isEqualTo(new SourceGaps.Gap.Lost(100, 500));
        assertThat(((SourceGaps.Gap.Lost) SourceGaps.Gap.of(100, 500, 1000)).count()).isEqualTo(400);
    }

    @Test
    void aPositionPastTheEndIsNotThisPartitionsAndOneInsideIsNothing() {
        assertThat(SourceGaps.Gap.of(5000, 0, 12)).isEqualTo(new SourceGaps.Gap.PastTheEnd(5000, 12));
        assertThat(SourceGaps.Gap.of(500, 500, 1000)).isEqualTo(new SourceGaps.Gap.None());
        assertThat(SourceGaps.Gap.of(1000, 500, 1000)).isEqualTo(new SourceGaps.Gap.None());
    }
}
