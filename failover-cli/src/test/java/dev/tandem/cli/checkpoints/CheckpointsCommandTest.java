package dev.tandem.cli.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.Checkpoint;
import dev.tandem.client.Translation;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.TandemStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem checkpoints} from the store: the table, the JSON schema, and an empty listing. No cluster needed. */
class CheckpointsCommandTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Clock NOW = Clock.fixed(T0.plusSeconds(75), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Path playbook;

    @BeforeEach
    void storeWithCheckpoints() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("store");
        try (TandemStore store = TandemStore.open(new StoreSpec(url, Optional.empty(), Optional.empty()))) {
            new CheckpointRepository(store.jdbi()).write(List.of(
                    new Checkpoint("east-to-west", "billing", "orders", 0, 42, "east.orders", new Translation.Exact(40),
                            T0, T0.plusSeconds(70)),
                    new Checkpoint("east-to-west", "billing", "orders", 1, 17, "east.orders",
                            new Translation.AheadOfReplication(15, 2), T0, T0),
                    new Checkpoint("east-to-west", "audit", "orders", 0, 0, "east.orders", new Translation.NoSyncPoint(),
                            T0, T0)));
        }
        playbook = dir.resolve("playbook.yaml");
        Files.writeString(playbook, String.join("\n",
                "version: 1",
                "clusters:",
                "  east: { bootstrap: \"127.0.0.1:1\" }",
                "  west: { bootstrap: \"127.0.0.1:2\" }",
                "store: { jdbc-url: \"" + url + "\" }",
                "flows:",
                "  - { name: east-to-west, source: east, target: west, topics: { include: [\"orders\"] } }",
                ""));
    }

    @Test
    void printsATableOfTheLatestCheckpointsWithKindAndAgeWithoutAnyCluster() {
        Run run = run("checkpoints", playbook.toString(), "--flow", "east-to-west");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(String.join("\n",
                "3 checkpoints of 2 groups, flow east-to-west (east -> west), from the store",
                "GROUP    TOPIC   PARTITION  SOURCE-OFFSET  TARGET-TOPIC  TARGET-OFFSET  KIND                  NOT-REPLICATED  AGE",
                "audit    orders  0          0              east.orders   -              no-sync-point         0               1m15s",
                "billing  orders  0          42             east.orders   40             exact                 0               5s",
                "billing  orders  1          17             east.orders   15             ahead-of-replication  2               1m15s",
                ""));
    }

    @Test
    void printsTheDocumentedJsonForOneGroup() throws Exception {
        Run run = run("checkpoints", playbook.toString(), "--flow", "east-to-west", "--group", "billing", "--output", "json");

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("flow").asText()).isEqualTo("east-to-west");
        assertThat(json.path("source").asText()).isEqualTo("east");
        assertThat(json.path("target").asText()).isEqualTo("west");
        assertThat(json.path("from").asText()).isEqualTo("store");
        assertThat(json.path("checkpoints")).hasSize(2);
        JsonNode ahead = json.path("checkpoints").get(1);
        assertThat(ahead.path("group").asText()).isEqualTo("billing");
        assertThat(ahead.path("topic").asText()).isEqualTo("orders");
        assertThat(ahead.path("partition").asInt()).isEqualTo(1);
        assertThat(ahead.path("sourceOffset").asLong()).isEqualTo(17);
        assertThat(ahead.path("targetTopic").asText()).isEqualTo("east.orders");
        assertThat(ahead.path("targetOffset").asLong()).isEqualTo(15);
        assertThat(ahead.path("kind").asText()).isEqualTo("ahead-of-replication");
        assertThat(ahead.path("notYetReplicated").asLong()).isEqualTo(2);
        assertThat(ahead.path("committedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(ahead.path("checkpointedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(ahead.path("ageMs").asLong()).isEqualTo(75_000);
    }

    @Test
    void saysSoWhenAGroupHasNoCheckpoints() {
        Run run = run("checkpoints", playbook.toString(), "--flow", "east-to-west", "--group", "nobody");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("no checkpoints for group nobody of flow east-to-west (east -> west) in the store\n");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = dev.tandem.cli.TandemCli.run(new PrintWriter(out), new PrintWriter(err), Map.<String, String>of()::get,
                NOW, args);
        return new Run(code, out.toString(), err.toString());
    }
}
