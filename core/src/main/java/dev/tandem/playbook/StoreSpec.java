package dev.tandem.playbook;

import dev.tandem.secrets.SecretMasking;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Tandem keeps checkpoints and history: a JDBC URL (H2 file by default, or PostgreSQL).
 *
 * <p>Several {@code tandem} processes on one host share the default H2 file, so an H2 file URL
 * always runs with {@code AUTO_SERVER=TRUE}: the first process serves the file to the others.
 */
public record StoreSpec(String jdbcUrl, Optional<String> user, Optional<String> password) {

    /** The store used when a playbook has no {@code store} section. */
    public static final String DEFAULT_JDBC_URL = "jdbc:h2:file:./.tandem/store";

    public StoreSpec {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    public static StoreSpec defaultStore() {
        return new StoreSpec(DEFAULT_JDBC_URL, Optional.empty(), Optional.empty());
    }

    /**
     * The URL to connect with: H2 file URLs get AUTO_SERVER=TRUE (shared by processes) unless they
     * set it. (H2 refuses AUTO_SERVER together with DB_CLOSE_ON_EXIT=FALSE, so H2 closes the file in a
     * shutdown hook of its own: the {@code tandem} command stops its work on SIGTERM/SIGINT before the
     * JVM's shutdown begins, so that a stopping replicator's last save finds the store open.)
     */
    public String effectiveJdbcUrl() {
        boolean h2File = jdbcUrl.startsWith("jdbc:h2:file:")
                || (jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:")
                    && !jdbcUrl.startsWith("jdbc:h2:tcp:") && !jdbcUrl.startsWith("jdbc:h2:ssl:"));
        if (!h2File) {
            return jdbcUrl;
        }
        String upper = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
        String url = jdbcUrl;
        if (!upper.contains("AUTO_SERVER=")) {
            url += ";AUTO_SERVER=TRUE";
        }
        return url;
    }

    @Override
    public String toString() {
        return "StoreSpec[jdbcUrl=" + SecretMasking.maskJdbcUrl(jdbcUrl) + ", user=" + user.orElse("")
                + ", password=" + password.map(p -> SecretMasking.MASK).orElse("") + "]";
    }
}
