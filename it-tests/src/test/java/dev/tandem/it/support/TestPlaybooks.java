package dev.tandem.it.support;

import dev.tandem.it.clusters.TwoClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Playbook files for CLI runs against the test clusters and a test's store. */
public final class TestPlaybooks {

    private TestPlaybooks() {
    }

    /** A playbook with clusters east and west, the given store, and then {@code lines} (flows: and more). */
    public static Path write(Path dir, TwoClusters clusters, String storeUrl, String... lines) throws IOException {
        List<String> all = new ArrayList<>(List.of(
                "version: 1",
                "clusters:",
                "  east: " + clusters.east().playbookEntry(),
                "  west: " + clusters.west().playbookEntry(),
                "store: { jdbc-url: \"" + storeUrl + "\" }"));
        all.addAll(List.of(lines));
        all.add("");
        Path file = Files.createTempFile(dir, "playbook-", ".yaml");
        Files.writeString(file, String.join("\n", all));
        return file;
    }
}
