package dev.tandem.store;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The records a flow found deleted on its source before it copied them (table {@code source_gaps}):
 * written by the replicator, told by the verification run (a verify or a drill) that claims them first.
 */
public final class SourceGapRepository {

    /** Offsets {@code from} to {@code to - 1} of a source partition, lost before they were copied. */
    public record Gap(String flow, String topic, int partition, long from, long to, Instant recordedAt) {
        public long records() {
            return to - from;
        }

        /** {@code orders-0 offsets 100 to 499 (400 records, found 2026-12-03T19:01:02Z)}. */
        public String describe() {
            return topic + "-" + partition + " offsets " + from + " to " + (to - 1) + " (" + records() + " record(s), found "
                    + recordedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")";
        }
    }

    /** The SQL state of a unique key violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    public SourceGapRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Records a gap and returns how many of its records were not recorded yet: all of them for a new gap;
     * none when the same gap is found again (a restart, another process; also when both record it at the
     * same moment: the second insert meets the key); the difference when it is found again longer
     * (retention went on meanwhile: the row is extended, and told again).
     */
    public long save(Gap gap) {
        try {
            return jdbi.inTransaction(h -> {
                java.util.Optional<Long> known = h.createQuery("select to_offset from source_gaps where flow = :flow"
                                + " and source_topic = :topic and source_partition = :partition and from_offset = :from")
                        .bind("flow", gap.flow()).bind("topic", gap.topic()).bind("partition", gap.partition())
                        .bind("from", gap.from()).mapTo(Long.class).findOne();
                if (known.isEmpty()) {
                    h.createUpdate("insert into source_gaps(flow, source_topic, source_partition, from_offset, to_offset,"
                                    + " recorded_at) values (:flow, :topic, :partition, :from, :to, :at)")
                            .bind("flow", gap.flow()).bind("topic", gap.topic()).bind("partition", gap.partition())
                            .bind("from", gap.from()).bind("to", gap.to()).bind("at", gap.recordedAt().atOffset(ZoneOffset.UTC))
                            .execute();
                    return gap.records();
                }
                if (known.get() >= gap.to()) {
                    return 0L;
                }
                int extended = h.createUpdate("update source_gaps set to_offset = :to, told_by_run = null where flow = :flow"
                                + " and source_topic = :topic and source_partition = :partition and from_offset = :from"
                                + " and to_offset < :to")
                        .bind("flow", gap.flow()).bind("topic", gap.topic()).bind("partition", gap.partition())
                        .bind("from", gap.from()).bind("to", gap.to()).execute();
                return extended == 1 ? gap.to() - known.get() : 0L;
            });
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return 0L; // another process inserted it between our read and our insert: it counted it
            }
            throw e;
        }
    }

    /**
     * Claims, for verification run {@code runId}, the flow's gaps no run has told yet, and returns them: each
     * gap is told by exactly one run (one update claims them; no clock is compared), a verify's or a drill's.
     */
    public List<Gap> tell(String flow, String runId) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("update source_gaps set told_by_run = :run where flow = :flow and told_by_run is null")
                    .bind("run", runId).bind("flow", flow).execute();
            return h.createQuery("select flow, source_topic, source_partition, from_offset, to_offset, recorded_at"
                            + " from source_gaps where flow = :flow and told_by_run = :run"
                            + " order by source_topic, source_partition, from_offset")
                    .bind("flow", flow).bind("run", runId)
                    .map(SourceGapRepository::gap).list();
        });
    }

    /** Every gap the flow recorded, told or not, by partition and offset. */
    public List<Gap> recorded(String flow) {
        return jdbi.withHandle(h -> h.createQuery("select flow, source_topic, source_partition, from_offset, to_offset,"
                        + " recorded_at from source_gaps where flow = :flow order by source_topic, source_partition, from_offset")
                .bind("flow", flow)
                .map(SourceGapRepository::gap).list());
    }

    private static Gap gap(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new Gap(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                rs.getObject(6, OffsetDateTime.class).toInstant());
    }
}
