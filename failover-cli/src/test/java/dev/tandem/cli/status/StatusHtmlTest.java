package dev.tandem.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.status.FlowStatus;
import dev.tandem.status.Level;
import dev.tandem.status.ProtectionStatus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class StatusHtmlTest {

    private static FlowStatus flow(String name, Level level, Optional<Duration> age) {
        return new FlowStatus(name, "east", "west", level, List.of(new FlowStatus.Finding("checkpoints", level,
                age.isPresent() ? "newest " + age.get() : "store not readable: <no answer>")), age, Duration.ofMinutes(15));
    }

    @Test
    void aFlowWithoutACheckpointHasNoBarAndIsNamedUnderTheChart() throws Exception {
        ProtectionStatus status = new ProtectionStatus(Instant.parse("2026-12-03T12:00:00Z"), List.of(
                flow("orders", Level.GREEN, Optional.of(Duration.ofSeconds(42))),
                flow("payments", Level.RED, Optional.empty())));

        String html = StatusHtml.render(status);

        var page = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        var bars = page.getElementsByTagName("rect");
        assertThat(bars.getLength()).isEqualTo(1);
        assertThat(bars.item(0).getTextContent()).isEqualTo("orders: 42 s");
        assertThat(html).contains("No bar (no checkpoint, or not readable): payments",
                "<h1 class=\"red\">RED: flow payments: checkpoints: store not readable: &lt;no answer&gt;</h1>",
                "http-equiv=\"refresh\" content=\"10\"");
    }
}
