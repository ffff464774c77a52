package dev.tandem.store;

import dev.tandem.playbook.StoreSpec;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * A store being opened (connected, migrated) in the background while the caller does what needs no
 * store: a replicator checks its clusters, creates its replicas and joins its groups meanwhile
 * (a new H2 store takes ~0.6 s to create, about as long as all of that). Its {@link #jdbi()} may be
 * handed to repositories at once: a statement waits until the store is open, and fails with the
 * store's own error if it could not be opened. {@link #awaitOpen()} waits for it explicitly.
 */
public final class OpeningStore implements AutoCloseable {

    private final CompletableFuture<TandemStore> opening;
    private final Jdbi jdbi;

    private OpeningStore(CompletableFuture<TandemStore> opening) {
        this.opening = opening;
        this.jdbi = Jdbi.create(new WaitingDataSource());
    }

    /** Starts opening the store of {@code spec} ({@link TandemStore#open}) on a thread of its own; returns at once. */
    public static OpeningStore open(StoreSpec spec) {
        CompletableFuture<TandemStore> opening = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                opening.complete(TandemStore.open(spec));
            } catch (RuntimeException | Error e) {
                opening.completeExceptionally(e);
            }
        }, "tandem-store-open");
        thread.setDaemon(true);
        thread.start();
        return new OpeningStore(opening);
    }

    /** A store that something else opens ({@code opening} completes with it, or with why not). */
    public static OpeningStore when(CompletableFuture<TandemStore> opening) {
        return new OpeningStore(opening);
    }

    /** A store that is open already. */
    public static OpeningStore of(TandemStore open) {
        return new OpeningStore(CompletableFuture.completedFuture(open));
    }

    /** JDBI over the store: its statements wait until the store is open. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** Waits until the store is open; throws what opening it threw ({@link StoreException} with its one line). */
    public TandemStore awaitOpen() {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * Waits at most {@code limit} for the store to open: true once it is, false if it is still opening;
     * throws what opening it threw.
     */
    public boolean awaitOpen(java.time.Duration limit) {
        try {
            opening.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException stillOpening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            awaitOpen(); // throws its failure as the one-line StoreException
            return true;
        }
    }

    /** Whether the store is open now (not opening, not failed). */
    public boolean isOpen() {
        return opening.isDone() && !opening.isCompletedExceptionally();
    }

    /** Closes the store once it is open (at once if it is). */
    @Override
    public void close() {
        opening.thenAccept(TandemStore::close);
    }

    /** Connections of the open store's database, asked for once it is open. */
    private final class WaitingDataSource implements DataSource {

        /**
         * Waits for the store to open, interruptibly: a stop interrupts what waits here (a checkpoint cycle that
         * began while the store was opening), rather than waiting for the store's own bound.
         */
        @Override
        public Connection getConnection() throws SQLException {
            if (!isOpen()) {
                try {
                    opening.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while the store was opening");
                } catch (java.util.concurrent.ExecutionException e) {
                    // awaitOpen() below throws it as the one-line StoreException
                }
            }
            return awaitOpen().newConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the store's credentials are its own");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
