package dev.tandem.chaos.run;

import dev.tandem.playbook.StoreSpec;
import dev.tandem.sandbox.FreePorts;
import dev.tandem.store.SourceGapRepository;
import dev.tandem.store.TandemStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The run's store: a real PostgreSQL server (binaries from Maven Central) that both replicator
 * processes share, as a deployment with several hosts does; stopped and started again on the same port
 * and data for the store's outage.
 */
public final class PostgresStore implements AutoCloseable {

    private final Path data;
    private final int port = FreePorts.brokerPort();
    private EmbeddedPostgres server;
    private boolean running;

    public PostgresStore(Path data) {
        this.data = data;
        start();
    }

    /** Started (again): the same port and data directory. */
    public void start() {
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
            running = true;
        } catch (IOException e) {
            throw new UncheckedIOException("start PostgreSQL on port " + port, e);
        }
    }

    /** Stopped (a clean shutdown): every connection to it fails until {@link #start()}. */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("stop PostgreSQL on port " + port, e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    /** Every gap the flow recorded: records it found deleted on the source before it copied them. */
    public List<SourceGapRepository.Gap> sourceGaps(String flow) {
        try (TandemStore store = TandemStore.openForReading(new StoreSpec(jdbcUrl(), Optional.of(user()), Optional.empty()))) {
            return new SourceGapRepository(store.jdbi()).recorded(flow);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
