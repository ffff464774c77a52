package dev.tandem.it.mirrormaker2;

import dev.tandem.it.clusters.TwoClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Playbooks whose clusters have MirrorMaker 2's aliases (east is {@code a}, west {@code b}) and one flow, a to b. */
final class Mm2Playbooks {

    private Mm2Playbooks() {
    }

    /** The flow {@code a-to-b} of {@code topic}, prefix naming, with {@code flowKeys} ("key: value") added. */
    static Path write(Path dir, TwoClusters clusters, String storeUrl, String a, String b, String topic,
                      String... flowKeys) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                version: 1
                clusters:
                  %1$s: { bootstrap: "%3$s" }
                  %2$s: { bootstrap: "%4$s" }
                store: { jdbc-url: "%5$s" }
                flows:
                  - name: %1$s-to-%2$s
                    source: %1$s
                    target: %2$s
                    topics: { include: ["%6$s"] }
                """.formatted(a, b, clusters.east().bootstrap(), clusters.west().bootstrap(), storeUrl, topic));
        for (String key : flowKeys) {
            yaml.append("    ").append(key).append('\n');
        }
        Path file = Files.createTempFile(dir, a + "-", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
