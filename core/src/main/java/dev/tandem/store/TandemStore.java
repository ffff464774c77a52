package dev.tandem.store;

import dev.tandem.playbook.StoreSpec;
import dev.tandem.secrets.SecretMasking;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database where Tandem keeps checkpoints and history: an H2 file by default (shared with the
 * other tandem processes of the host through AUTO_SERVER), or PostgreSQL shared by several hosts.
 * Opening it applies the versioned schema migrations in {@code dev/tandem/store/migration}.
 */
public final class TandemStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TandemStore.class);
    static final String MIGRATIONS = "classpath:dev/tandem/store/migration";
    /** H2's DATABASE_NOT_FOUND_1, DATABASE_NOT_FOUND_WITH_IF_EXISTS_1 and REMOTE_DATABASE_NOT_FOUND_1. */
    private static final java.util.Set<Integer> H2_DATABASE_NOT_FOUND = java.util.Set.of(90013, 90146, 90149);

    private final String url;
    private final Properties credentials;
    private final Jdbi jdbi;
    private final Optional<Connection> keepOpen;

    private TandemStore(String url, Properties credentials, Optional<Connection> keepOpen) {
        this.url = url;
        this.credentials = credentials;
        this.jdbi = Jdbi.create(url, credentials);
        this.keepOpen = keepOpen;
    }

    /** Connects, migrates the schema to the newest version, and returns the open store. */
    public static TandemStore open(StoreSpec spec) {
        return open(spec, true);
    }

    /**
     * Connects to a store that exists, to read it only: no schema migration (a read-only command of
     * another version must not change a shared schema) and no new H2 file. Fails with one line when
     * the store does not exist yet or has no Tandem schema.
     */
    public static TandemStore openForReading(StoreSpec spec) {
        return open(spec, false);
    }

    private static TandemStore open(StoreSpec spec, boolean migrate) {
        String effective = spec.effectiveJdbcUrl();
        String url = migrate || !effective.startsWith("jdbc:h2:")
                || effective.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS=") ? effective : effective + ";IFEXISTS=TRUE";
        String user = spec.user().orElse(url.startsWith("jdbc:h2:") ? "sa" : null);
        String password = spec.password().orElse(url.startsWith("jdbc:h2:") ? "" : null);
        String shownUrl = SecretMasking.maskJdbcUrl(effective);
        Optional<Connection> keepOpen = Optional.empty();
        try {
            if (migrate) {
                NewH2Store.createIfAbsent(url, user, password, MIGRATIONS);
            }
            // An embedded H2 database closes with its last connection; one held connection keeps
            // it (and this process's AUTO_SERVER role) open for as long as the store is.
            if (url.startsWith("jdbc:h2:")) {
                keepOpen = Optional.of(DriverManager.getConnection(url, user, password));
            }
            var flyway = Flyway.configure(TandemStore.class.getClassLoader())
                    .dataSource(url, user, password)
                    .locations(MIGRATIONS)
                    .load();
            if (migrate) {
                int applied = flyway.migrate().migrationsExecuted;
                LOG.info("store {} ready ({} migrations applied now)", shownUrl, applied);
            } else if (flyway.info().current() == null) {
                throw new StoreException("the store " + shownUrl + " has no Tandem tables yet: nothing has run with it", null);
            }
            // Either may be absent (e.g. PostgreSQL with trust or peer authentication, or both in the URL).
            Properties credentials = new Properties();
            if (user != null) {
                credentials.setProperty("user", user);
            }
            if (password != null) {
                credentials.setProperty("password", password);
            }
            return new TandemStore(url, credentials, keepOpen);
        } catch (SQLException e) {
            keepOpen.ifPresent(TandemStore::closeQuietly);
            if (H2_DATABASE_NOT_FOUND.contains(e.getErrorCode())) {
                throw new StoreException("the store " + shownUrl + " does not exist yet: nothing has run with it", e);
            }
            throw new StoreException("open the store " + shownUrl + ": " + firstLine(e.getMessage()), e);
        } catch (FlywayException | java.io.UncheckedIOException e) {
            keepOpen.ifPresent(TandemStore::closeQuietly);
            throw new StoreException("open the store " + shownUrl + ": " + firstLine(e.getMessage()), e);
        } catch (StoreException e) {
            keepOpen.ifPresent(TandemStore::closeQuietly);
            throw e;
        }
    }

    /** JDBI over the store's database, for the repositories of each feature. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * A new JDBC connection to the store's database, for a library that manages its own
     * transactions (Quartz's job store); the caller closes it.
     */
    public Connection newConnection() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    /** Whether the store is PostgreSQL (otherwise H2), as the database says (one connection: ask once). */
    public boolean isPostgreSql() {
        return SqlDialect.of(jdbi) == SqlDialect.POSTGRESQL;
    }

    @Override
    public void close() {
        keepOpen.ifPresent(TandemStore::closeQuietly);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the store connection failed", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
