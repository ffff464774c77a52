package dev.tandem.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Every run of {@code tandem verify}, with its report as JSON. */
public final class VerificationRunRepository {

    /** A stored run. */
    public record Run(String runId, String flow, Instant startedAt, Instant finishedAt, boolean passed, String reportJson) {
    }

    private final Jdbi jdbi;

    public VerificationRunRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void save(Run run) {
        jdbi.useHandle(h -> h.createUpdate("insert into verification_runs(run_id, flow, started_at, finished_at, passed,"
                        + " report_json) values (:id, :flow, :started, :finished, :passed, :json)")
                .bind("id", run.runId()).bind("flow", run.flow()).bind("started", utc(run.startedAt()))
                .bind("finished", utc(run.finishedAt())).bind("passed", run.passed()).bind("json", run.reportJson())
                .execute());
    }

    /** The newest {@code limit} runs of a flow, newest first. */
    public List<Run> recent(String flow, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select run_id, flow, started_at, finished_at, passed, report_json"
                        + " from verification_runs where flow = :flow order by started_at desc")
                .bind("flow", flow).setMaxRows(limit)
                .map((rs, ctx) -> new Run(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getBoolean(5), rs.getString(6)))
                .list());
    }

    /** Deletes runs of a flow that started before {@code cutoff}; returns how many. */
    public int prune(String flow, Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("delete from verification_runs where flow = :flow and started_at < :cutoff")
                .bind("flow", flow).bind("cutoff", utc(cutoff)).execute());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
