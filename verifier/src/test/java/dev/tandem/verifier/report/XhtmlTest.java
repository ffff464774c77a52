package dev.tandem.verifier.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class XhtmlTest {

    @Test
    void textWithMarkupAndControlCharactersStaysWellFormed() throws Exception {
        // e.g. a failure message quoting a record's bytes
        String text = "key \u0000\u0007<b>&\"x\"\u001b[0m tab\tend \uD83D\uDE00 lone \uD800";
        String escaped = Xhtml.escape(text);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(("<p>" + escaped + "</p>").getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTextContent())
                .isEqualTo("key \uFFFD\uFFFD<b>&\"x\"\uFFFD[0m tab\tend \uD83D\uDE00 lone \uFFFD");
    }
}
