package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.playbook.StoreSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TandemStoreTest {

    @TempDir
    Path dir;

    private StoreSpec h2File(String name) {
        return new StoreSpec("jdbc:h2:file:" + dir.resolve(name), Optional.empty(), Optional.empty());
    }

    @Test
    void openingAStoreAppliesTheSchemaMigrations() {
        try (TandemStore store = TandemStore.open(h2File("migrated"))) {
            int histories = store.jdbi().withHandle(h -> h.createQuery(
                    "select count(*) from information_schema.tables where lower(table_name) = 'flyway_schema_history'")
                    .mapTo(Integer.class).one());
            assertThat(histories).isEqualTo(1);
        }
    }

    @Test
    void openingForReadingNeitherCreatesAFileNorMigrates() throws IOException {
        StoreSpec absent = h2File("absent");
        assertThatThrownBy(() -> TandemStore.openForReading(absent))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("does not exist yet");
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("absent"));
        }

        StoreSpec empty = h2File("empty");
        try (TandemStore created = TandemStore.open(empty)) {
            created.jdbi().useHandle(h -> h.execute("drop all objects"));
        }
        assertThatThrownBy(() -> TandemStore.openForReading(empty))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("has no Tandem tables yet");

        StoreSpec migrated = h2File("ready");
        TandemStore.open(migrated).close();
        try (TandemStore store = TandemStore.openForReading(migrated)) {
            int rows = store.jdbi().withHandle(h -> h.createQuery("select count(*) from checkpoints")
                    .mapTo(Integer.class).one());
            assertThat(rows).isZero();
        }
    }

    @Test
    void aNewStoreWhoseMigrationDiesHalfwayIsNotLeftBehindAndTheNextStartCreatesIt() throws Exception {
        StoreSpec spec = h2File("first-start");
        String url = spec.effectiveJdbcUrl();

        assertThatThrownBy(() -> NewH2Store.createIfAbsent(url, "sa", "", "classpath:dev/tandem/store/interrupted-migration"))
                .hasMessageContaining("second_dies_halfway");
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("nothing left: the store, or half of it")
                    .isEmpty();
        }

        // the next start: a store that opens, with every migration (before, V2's half table stayed: "already exists")
        try (TandemStore store = TandemStore.open(spec)) {
            int rows = store.jdbi().withHandle(h -> h.createQuery("select count(*) from checkpoints").mapTo(Integer.class).one());
            assertThat(rows).isZero();
        }
        assertThat(NewH2Store.file(url)).hasValueSatisfying(f -> assertThat(f).exists());
    }

    @Test
    void theDatabaseFileOfEachKindOfH2Url() {
        assertThat(NewH2Store.file("jdbc:h2:file:./.tandem/store;AUTO_SERVER=TRUE")).contains(Path.of("./.tandem/store.mv.db"));
        assertThat(NewH2Store.file("jdbc:h2:/var/lib/tandem/store")).contains(Path.of("/var/lib/tandem/store.mv.db"));
        assertThat(NewH2Store.file("jdbc:h2:~/store")).contains(Path.of(System.getProperty("user.home") + "/store.mv.db"));
        assertThat(NewH2Store.file("jdbc:h2:mem:x")).isEmpty();
        assertThat(NewH2Store.file("jdbc:h2:tcp://host/store")).isEmpty();
        assertThat(NewH2Store.file("jdbc:postgresql://host/tandem")).isEmpty();
    }

    @Test
    void anotherProcessUsesTheH2FileStoreWhileThisOneHoldsItOpen() throws Exception {
        StoreSpec spec = h2File("shared");
        try (TandemStore store = TandemStore.open(spec)) {
            store.jdbi().useHandle(h -> {
                h.execute("create table probe_rows(writer varchar(20))");
                h.execute("insert into probe_rows(writer) values ('parent')");
            });

            ProcessResult child = runProbe(spec.jdbcUrl());

            assertThat(child.exitCode()).as(child.output()).isZero();
            assertThat(child.output()).contains("rows=2");
            List<String> writers = store.jdbi().withHandle(h -> h.createQuery("select writer from probe_rows order by writer")
                    .mapTo(String.class).list());
            assertThat(writers).containsExactly("child", "parent");
        }
    }

    @Test
    void anUnreachableStoreIsReportedWithItsUrlAndNoPassword() {
        StoreSpec spec = new StoreSpec("jdbc:postgresql://127.0.0.1:1/tandem?password=hunter2&connectTimeout=2",
                Optional.of("tandem"), Optional.of("also-secret"));

        assertThatThrownBy(() -> TandemStore.open(spec))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("open the store jdbc:postgresql://127.0.0.1:1/tandem?password=****")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("also-secret");
    }

    private record ProcessResult(int exitCode, String output) {
    }

    private static ProcessResult runProbe(String url) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreSharingProbe.class.getName(), url)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new ProcessResult(-1, output + " (timed out)");
        }
        return new ProcessResult(process.exitValue(), output);
    }
}
