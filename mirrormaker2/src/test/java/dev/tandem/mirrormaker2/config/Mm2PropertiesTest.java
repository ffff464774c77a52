package dev.tandem.mirrormaker2.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.playbook.load.InvalidPlaybookException;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class Mm2PropertiesTest {

    private static final String TEXT = String.join("\n",
            "# comment",
            "! also a comment",
            "",
            "clusters = A, B",
            "   A.bootstrap.servers:a:9092",
            "A.sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required \\",
            "    username=\"u\" \\",
            "    password=\"p\";",
            "topics.exclude = .*\\\\.tmp",
            "A->B.enabled true",
            "key\\ with\\ spaces = \\u0041\\tz",
            "ends.with.escaped.backslash = c:\\\\",
            "next = 1",
            "clusters = A, B, C");

    @Test
    void readsWhatPropertiesReadsWithTheLineEachSettingStartsOn() throws IOException {
        List<Mm2Entry> entries = Mm2Properties.parse(TEXT, "mm2.properties");

        assertThat(entries).extracting(Mm2Entry::key, Mm2Entry::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("clusters", 4),
                org.assertj.core.groups.Tuple.tuple("A.bootstrap.servers", 5),
                org.assertj.core.groups.Tuple.tuple("A.sasl.jaas.config", 6),
                org.assertj.core.groups.Tuple.tuple("topics.exclude", 9),
                org.assertj.core.groups.Tuple.tuple("A->B.enabled", 10),
                org.assertj.core.groups.Tuple.tuple("key with spaces", 11),
                org.assertj.core.groups.Tuple.tuple("ends.with.escaped.backslash", 12),
                org.assertj.core.groups.Tuple.tuple("next", 13),
                org.assertj.core.groups.Tuple.tuple("clusters", 14));
        Properties java = new Properties();
        java.load(new StringReader(TEXT));
        for (Mm2Entry entry : entries.subList(1, entries.size() - 1)) {
            assertThat(entry.value()).as(entry.key()).isEqualTo(java.getProperty(entry.key()));
        }
        assertThat(java.getProperty("clusters")).isEqualTo(entries.get(entries.size() - 1).value());
    }

    @Test
    void aMalformedEscapeNamesItsLine() {
        assertThatThrownBy(() -> Mm2Properties.parse("a = 1\nb = \\u00zz\n", "mm2.properties"))
                .isInstanceOf(InvalidPlaybookException.class)
                .satisfies(e -> assertThat(((InvalidPlaybookException) e).formattedErrors())
                        .singleElement().asString().startsWith("mm2.properties:2: not a properties line"));
    }
}
