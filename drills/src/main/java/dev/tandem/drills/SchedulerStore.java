package dev.tandem.drills;

import dev.tandem.store.TandemStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.simpl.RAMJobStore;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Where the drill scheduler keeps its jobs and triggers: in memory (one scheduler per playbook), or
 * in the store's database through Quartz's clustered JDBC job store, so that several hosts share
 * one schedule and every firing runs on exactly one of them (the tables come with the store's
 * schema migration V6).
 */
final class SchedulerStore {

    /** Every scheduler sharing the schedule has this name; Quartz tells them apart by instance ID. */
    static final String SCHEDULER_NAME = "tandem-drills";
    private static final String DATA_SOURCE = "tandem-store";

    private SchedulerStore() {
    }

    /** Quartz settings for a scheduler of its own, in memory. */
    static Properties inMemory(int threads) {
        Properties config = common(threads);
        config.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, RAMJobStore.class.getName());
        return config;
    }

    /** Quartz settings for a scheduler sharing its schedule through the store's database. */
    static Properties clustered(TandemStore store, int threads) {
        boolean postgres = store.isPostgreSql();
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new StoreConnections(store, postgres));
        Properties config = common(threads);
        config.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, JobStoreTX.class.getName());
        config.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        config.setProperty("org.quartz.jobStore.driverDelegateClass",
                (postgres ? PostgreSQLDelegate.class : StdJDBCDelegate.class).getName());
        config.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        config.setProperty("org.quartz.jobStore.isClustered", "true");
        config.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        // Job data as strings, never serialized Java objects in the database.
        config.setProperty("org.quartz.jobStore.useProperties", "true");
        return config;
    }

    private static Properties common(int threads) {
        Properties config = new Properties();
        config.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, SCHEDULER_NAME);
        config.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, ThisProcess.name());
        config.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.max(1, threads)));
        config.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        // A firing more than 5 s late (the scheduler was down, or the drill's previous run was still
        // going) is a misfire: fired once now, instead of every missed firing in a burst.
        config.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        return config;
    }

    /** Connections to the store for Quartz, which runs its own transactions on them. */
    private record StoreConnections(TandemStore store, boolean postgres) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = store.newConnection();
            if (!postgres) {
                // Quartz holds its row locks for milliseconds, but several hosts may queue for one.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("set lock_timeout 10000");
                }
            }
            return connection;
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }
}
