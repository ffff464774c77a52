package dev.tandem.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A new H2 file store is created whole or not at all. H2 commits each DDL statement on its own, so a
 * process killed while it migrates a new store (a replicator's first start, killed by a deployment or
 * an OOM) would leave some of a migration's tables without its history row, and every later start
 * would fail on "table already exists". So a store that does not exist yet is migrated in a hidden
 * temporary file beside it and linked into place once complete; a process that dies meanwhile leaves
 * only its temporary file, and the next start begins again. (PostgreSQL runs each migration in a
 * transaction: nothing to do there.)
 */
final class NewH2Store {

    private static final String SUFFIX = ".mv.db";

    private NewH2Store() {
    }

    /** The database file of an H2 file URL ({@code jdbc:h2:file:PATH}, {@code jdbc:h2:./PATH}, {@code ~/PATH}). */
    static Optional<Path> file(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        String path = options < 0 ? rest : rest.substring(0, options);
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        } else if (path.matches("(?i)^[a-z]{2,}:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, nio...: not a plain local file
        }
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return path.isBlank() ? Optional.empty() : Optional.of(Path.of(path + SUFFIX));
    }

    /** When {@code url}'s H2 file does not exist yet, creates it migrated with {@code locations}; else does nothing. */
    static void createIfAbsent(String url, String user, String password, String locations) throws SQLException {
        Optional<Path> file = file(url);
        if (file.isEmpty() || Files.exists(file.get())) {
            return;
        }
        Path target = file.get().toAbsolutePath();
        String base = target.getFileName().toString();
        String temporaryBase = "." + base.substring(0, base.length() - SUFFIX.length()) + ".new-" + UUID.randomUUID();
        Path temporary = target.resolveSibling(temporaryBase + SUFFIX);
        String temporaryUrl = "jdbc:h2:file:" + target.resolveSibling(temporaryBase) + options(url);
        try {
            Files.createDirectories(target.getParent());
            try (Connection held = DriverManager.getConnection(temporaryUrl, user, password)) {
                Flyway.configure(NewH2Store.class.getClassLoader()).dataSource(temporaryUrl, user, password)
                        .locations(locations).load().migrate();
                try (Statement shutdown = held.createStatement()) {
                    shutdown.execute("SHUTDOWN"); // the file complete and closed before it is linked
                }
            }
            try {
                Files.createLink(target, temporary); // fails if another process created the store first
            } catch (FileAlreadyExistsException createdMeanwhile) {
                // theirs is as good as ours
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                if (!Files.exists(target)) {
                    Files.move(temporary, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("create the store " + target, e);
        } finally {
            deleteQuietly(temporary);
            deleteQuietly(target.resolveSibling(temporaryBase + ".trace.db"));
        }
    }

    /** The URL's options that matter to the file itself (cipher, compression...), not AUTO_SERVER or IFEXISTS. */
    private static String options(String url) {
        int options = url.indexOf(';');
        if (options < 0) {
            return "";
        }
        StringBuilder kept = new StringBuilder();
        for (String option : url.substring(options + 1).split(";")) {
            String name = option.split("=", 2)[0].trim().toUpperCase(Locale.ROOT);
            if (!option.isBlank() && !name.equals("AUTO_SERVER") && !name.equals("IFEXISTS") && !name.equals("AUTO_SERVER_PORT")) {
                kept.append(';').append(option);
            }
        }
        return kept.toString();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind: harmless, hidden
        }
    }
}
