package dev.tandem.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Every drill run, for {@code tandem drill history} and the reports' trends. */
public final class DrillRunRepository {

    /**
     * A stored run; measures are absent when their step did not run, {@code scheduledFor} when the run
     * was not the scheduler's. {@code ranBy} names the host and process.
     */
    public record Run(String runId, String drill, String flow, Instant startedAt, Instant finishedAt, boolean passed,
                      Optional<Long> rpoRecords, Optional<Long> rpoWindowMs, Optional<Long> rtoMs,
                      Optional<Long> canaryP99Ms, String failures, String reportJson, Optional<Instant> scheduledFor,
                      String ranBy) {
    }

    private final Jdbi jdbi;

    public DrillRunRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void save(Run run) {
        jdbi.useHandle(h -> h.createUpdate("insert into drill_runs(run_id, drill, flow, started_at, finished_at, passed,"
                        + " rpo_records, rpo_window_ms, rto_ms, canary_p99_ms, failures, report_json, scheduled_for, ran_by) values"
                        + " (:id, :drill, :flow, :started, :finished, :passed, :rpo, :window, :rto, :p99, :failures, :json,"
                        + " :scheduled, :ranBy)")
                .bind("id", run.runId()).bind("drill", run.drill()).bind("flow", run.flow())
                .bind("started", utc(run.startedAt())).bind("finished", utc(run.finishedAt())).bind("passed", run.passed())
                .bind("rpo", run.rpoRecords().orElse(null)).bind("window", run.rpoWindowMs().orElse(null))
                .bind("rto", run.rtoMs().orElse(null)).bind("p99", run.canaryP99Ms().orElse(null))
                .bind("failures", run.failures()).bind("json", run.reportJson())
                .bind("scheduled", run.scheduledFor().map(DrillRunRepository::utc).orElse(null))
                .bind("ranBy", run.ranBy()).execute());
    }

    /** The newest {@code limit} runs, of one drill or of all, newest first. */
    public List<Run> recent(Optional<String> drill, int limit) {
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("select run_id, drill, flow, started_at, finished_at, passed, rpo_records,"
                    + " rpo_window_ms, rto_ms, canary_p99_ms, failures, report_json, scheduled_for, ran_by from drill_runs"
                    + (drill.isPresent() ? " where drill = :drill" : "") + " order by started_at desc");
            drill.ifPresent(d -> query.bind("drill", d));
            return query.setMaxRows(limit).map((rs, ctx) -> new Run(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant(),
                    rs.getBoolean(6), Optional.ofNullable(rs.getObject(7, Long.class)),
                    Optional.ofNullable(rs.getObject(8, Long.class)), Optional.ofNullable(rs.getObject(9, Long.class)),
                    Optional.ofNullable(rs.getObject(10, Long.class)), rs.getString(11), rs.getString(12),
                    Optional.ofNullable(rs.getObject(13, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                    java.util.Objects.requireNonNullElse(rs.getString(14), "-"))).list();
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
