package dev.tandem.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Every run of {@code tandem migrate}, for {@code tandem migrate --history} and the record. */
public final class MigrationRepository {

    /** A stored run; {@code groups} comma-separated, {@code failures} one line per failed step. */
    public record Run(String runId, String flow, String operator, Instant startedAt, Instant finishedAt, boolean dryRun,
                      String result, String groups, long recordsCompared, String failures, String reportJson) {
    }

    private final Jdbi jdbi;

    public MigrationRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void save(Run run) {
        jdbi.useHandle(h -> h.createUpdate("insert into migrations(run_id, flow, operator, started_at, finished_at,"
                        + " dry_run, result, groups_migrated, records_compared, failures, report_json) values (:id, :flow,"
                        + " :operator, :started, :finished, :dryRun, :result, :groups, :compared, :failures, :json)")
                .bind("id", run.runId()).bind("flow", run.flow()).bind("operator", run.operator())
                .bind("started", run.startedAt().atOffset(ZoneOffset.UTC))
                .bind("finished", run.finishedAt().atOffset(ZoneOffset.UTC)).bind("dryRun", run.dryRun())
                .bind("result", run.result()).bind("groups", run.groups()).bind("compared", run.recordsCompared())
                .bind("failures", run.failures()).bind("json", run.reportJson()).execute());
    }

    /** The newest {@code limit} runs, of one flow or of all, newest first. */
    public List<Run> recent(Optional<String> flow, int limit) {
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("select run_id, flow, operator, started_at, finished_at, dry_run, result,"
                    + " groups_migrated, records_compared, failures, report_json from migrations"
                    + (flow.isPresent() ? " where flow = :flow" : "") + " order by started_at desc");
            flow.ifPresent(f -> query.bind("flow", f));
            return query.setMaxRows(limit).map((rs, ctx) -> new Run(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant(),
                    rs.getBoolean(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10),
                    rs.getString(11))).list();
        });
    }
}
