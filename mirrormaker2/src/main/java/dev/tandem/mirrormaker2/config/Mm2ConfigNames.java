package dev.tandem.mirrormaker2.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration names MirrorMaker 2 of the bundled Kafka version knows, and where each is defined:
 * {@code connector} (its source, checkpoint and heartbeat connectors: top level or under {@code A->B.}),
 * {@code mm2} (MirrorMakerConfig itself: clusters, top-level security, the REST server) or {@code worker}
 * (the Connect worker of a herder: under {@code A.} for the herders that write to A).
 */
final class Mm2ConfigNames {

    enum Scope { CONNECTOR, MM2, WORKER }

    private static final Map<String, Scope> NAMES = load();

    private Mm2ConfigNames() {
    }

    static Optional<Scope> scopeOf(String name) {
        return Optional.ofNullable(NAMES.get(name));
    }

    private static Map<String, Scope> load() {
        Map<String, Scope> names = new HashMap<>();
        try (InputStream in = Mm2ConfigNames.class.getResourceAsStream("mm2-config-names.tsv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(line -> {
                String[] columns = line.split("\t");
                names.put(columns[0], Scope.valueOf(columns[1].toUpperCase(java.util.Locale.ROOT)));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
