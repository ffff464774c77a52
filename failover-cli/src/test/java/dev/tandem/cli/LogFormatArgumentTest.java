package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The log format is read before picocli parses (the logging provider is chosen first): it must agree with picocli. */
class LogFormatArgumentTest {

    @Test
    void jsonInAnyCaseAndEitherSpellingChoosesJsonLogs() {
        assertThat(Main.jsonLogs(List.of("replicate", "--log-format", "json", "p.yaml"))).isTrue();
        assertThat(Main.jsonLogs(List.of("--log-format=JSON", "replicate", "p.yaml"))).isTrue();
        assertThat(Main.jsonLogs(List.of("--log-format", "Json"))).isTrue();
    }

    @Test
    void humanOrNoOptionChoosesHumanLogs() {
        assertThat(Main.jsonLogs(List.of("replicate", "p.yaml"))).isFalse();
        assertThat(Main.jsonLogs(List.of("--log-format", "HUMAN", "replicate"))).isFalse();
        assertThat(Main.jsonLogs(List.of("--log-format"))).isFalse();
    }
}
