package dev.tandem.replicator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.replicator.metrics.ReplicationMetrics.PartitionLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ReplicationMetrics metrics = new ReplicationMetrics(registry, "orders", Clock.systemUTC());

    @Test
    void theFlowsLagIsTheSumOfItsPartitionsInRecordsAndTheFarthestBehindInSeconds() {
        metrics.lag(List.of(new PartitionLag("a", 0, 10, 4_000), new PartitionLag("a", 1, 0, 9_000),
                new PartitionLag("b", 0, 5, 2_000)));

        assertThat(gauge("tandem.replication.lag.records", null, null)).isEqualTo(15);
        // partition a-1 is caught up: its old record does not count as being behind
        assertThat(gauge("tandem.replication.lag.seconds", null, null)).isEqualTo(4.0);
        assertThat(gauge("tandem.replication.partition.lag.records", "a", "0")).isEqualTo(10);
        assertThat(gauge("tandem.replication.partition.lag.seconds", "a", "1")).isEqualTo(0.0);
        assertThat(gauge("tandem.replication.partition.lag.seconds", "b", "0")).isEqualTo(2.0);
    }

    @Test
    void aPartitionHandedToAnotherProcessLosesItsGaugesAndNoLongerCounts() {
        metrics.lag(List.of(new PartitionLag("a", 0, 10, 1_000), new PartitionLag("a", 1, 7, 3_000)));
        metrics.lag(List.of(new PartitionLag("a", 0, 2, 1_000)));

        assertThat(registry.find("tandem.replication.partition.lag.records").tag("partition", "1").gauge()).isNull();
        assertThat(registry.find("tandem.replication.partition.lag.seconds").tag("partition", "1").gauge()).isNull();
        assertThat(gauge("tandem.replication.partition.lag.records", "a", "0")).isEqualTo(2);
        assertThat(gauge("tandem.replication.lag.records", null, null)).isEqualTo(2);
        assertThat(gauge("tandem.replication.lag.seconds", null, null)).isEqualTo(1.0);

        metrics.lag(List.of());
        assertThat(registry.find("tandem.replication.partition.lag.records").gauges()).isEmpty();
        assertThat(gauge("tandem.replication.lag.records", null, null)).isZero();
    }

    @Test
    void aSessionThatEndsReleasesItsPartitionGaugesAndKeepsTheFlowsLag() {
        metrics.lag(List.of(new PartitionLag("a", 0, 10, 1_000), new PartitionLag("b", 0, 5, 2_000)));
        metrics.releasePartitions();

        assertThat(registry.find("tandem.replication.partition.lag.records").gauges()).isEmpty();
        assertThat(registry.find("tandem.replication.partition.lag.seconds").gauges()).isEmpty();
        assertThat(gauge("tandem.replication.lag.records", null, null)).isEqualTo(15); // not caught up: still behind
        metrics.lag(List.of(new PartitionLag("a", 0, 3, 1_000)));
        assertThat(gauge("tandem.replication.partition.lag.records", "a", "0")).isEqualTo(3);
    }

    private double gauge(String name, String topic, String partition) {
        var search = registry.find(name).tag("flow", "orders");
        if (topic != null) {
            search = search.tag("topic", topic).tag("partition", partition);
        }
        Gauge gauge = search.gauge();
        assertThat(gauge).as(name).isNotNull();
        return gauge.value();
    }
}
