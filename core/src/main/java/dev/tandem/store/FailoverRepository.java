package dev.tandem.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Every run of {@code tandem failover} and {@code tandem failback}, for the record. */
public final class FailoverRepository {

    /** A stored run. */
    public record Run(String runId, String direction, String flow, String operator, Instant startedAt, boolean dryRun,
                      String result, String reportJson) {
    }

    private final Jdbi jdbi;

    public FailoverRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void save(Run run) {
        jdbi.useHandle(h -> h.createUpdate("insert into failovers(run_id, direction, flow, operator, started_at, dry_run,"
                        + " result, report_json) values (:id, :direction, :flow, :operator, :started, :dryRun, :result, :json)")
                .bind("id", run.runId()).bind("direction", run.direction()).bind("flow", run.flow())
                .bind("operator", run.operator()).bind("started", run.startedAt().atOffset(ZoneOffset.UTC))
                .bind("dryRun", run.dryRun()).bind("result", run.result()).bind("json", run.reportJson()).execute());
    }

    /** The newest {@code limit} runs of a flow, newest first. */
    public List<Run> recent(String flow, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select run_id, direction, flow, operator, started_at, dry_run, result,"
                        + " report_json from failovers where flow = :flow order by started_at desc")
                .bind("flow", flow).setMaxRows(limit)
                .map((rs, ctx) -> new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getBoolean(6), rs.getString(7),
                        rs.getString(8)))
                .list());
    }
}
