package dev.tandem.it.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void selectorsMatchersAndGroupingLabelsAreNamesFunctionsKeywordsNumbersAndDurationsAreNot() {
        PromQlNames names = PromQlNames.of("sum by (flow, kind) (increase(tandem_replication_errors_total{kind!=\"restart\","
                + " flow=~\"$flow\"}[10m])) > 0 and on (flow) max without (instance) (tandem_replication_lag_seconds) > 1.5 * 600");
        assertThat(names.metrics()).containsExactly("tandem_replication_errors_total", "tandem_replication_lag_seconds");
        assertThat(names.labels()).containsExactly("flow", "kind", "kind", "flow", "flow", "instance");
    }

    @Test
    void histogramQuantileTimeAndStringsWithBracesInsideThem() {
        PromQlNames names = PromQlNames.of("histogram_quantile(0.99, sum by (le) (rate(a_bucket{x=\"}{[\"}[5m])))"
                + " + time() - b_seconds offset 1h");
        assertThat(names.metrics()).containsExactly("a_bucket", "b_seconds");
        assertThat(names.labels()).containsExactly("le", "x");
    }

    @Test
    void grafanaLabelValues() {
        PromQlNames names = PromQlNames.of("label_values(tandem_replicated_records_total, flow)");
        assertThat(names.metrics()).containsExactly("tandem_replicated_records_total");
        assertThat(names.labels()).containsExactly("flow");
    }
}
