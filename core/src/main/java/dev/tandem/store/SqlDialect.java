package dev.tandem.store;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The one SQL difference between the store's databases: how a row is inserted or replaced by its key. */
enum SqlDialect {
    H2,
    POSTGRESQL;

    static SqlDialect of(Jdbi jdbi) {
        return jdbi.withHandle(SqlDialect::of);
    }

    /**
     * The database of a handle's connection, as its driver says (no round trip): asked where a statement
     * is made rather than when a repository is, so that a repository over a store still opening
     * ({@link OpeningStore}) costs nothing until it is used.
     */
    static SqlDialect of(Handle h) {
        String product;
        try {
            product = h.getConnection().getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new StoreException("read the store's database type: " + e.getMessage(), e);
        }
        return product.toLowerCase(java.util.Locale.ROOT).contains("postgres") ? POSTGRESQL : H2;
    }

    /** An insert-or-replace of {@code columns} (bound by name) into {@code table}, keyed by {@code key}. */
    String upsert(String table, List<String> key, List<String> columns) {
        return upsert(table, key, columns, columns.stream().map(c -> ":" + c).collect(Collectors.joining(", ")));
    }

    /** The same with positional parameters ({@code ?} in the order of {@code columns}), for plain JDBC batches. */
    String positionalUpsert(String table, List<String> key, List<String> columns) {
        return upsert(table, key, columns, columns.stream().map(c -> "?").collect(Collectors.joining(", ")));
    }

    private String upsert(String table, List<String> key, List<String> columns, String values) {
        String names = String.join(", ", columns);
        if (this == H2) {
            return "merge into " + table + " (" + names + ") key (" + String.join(", ", key) + ") values (" + values + ")";
        }
        String updates = columns.stream().filter(c -> !key.contains(c)).map(c -> c + " = excluded." + c)
                .collect(Collectors.joining(", "));
        return "insert into " + table + " (" + names + ") values (" + values + ") on conflict ("
                + String.join(", ", key) + ") do update set " + updates;
    }
}
