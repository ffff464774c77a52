package dev.tandem.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The records a flow found deleted on its source before it copied them (table {@code source_gaps}):
 * written by the replicator, read by {@code tandem verify}.
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

    private final Jdbi jdbi;

    public SourceGapRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records a gap; the same gap found again (another process, a restart) is kept once. */
    public void save(Gap gap) {
        jdbi.useTransaction(h -> {
            boolean known = h.createQuery("select count(*) from source_gaps where flow = :flow and source_topic = :topic"
                            + " and source_partition = :partition and from_offset = :from")
                    .bind("flow", gap.flow()).bind("topic", gap.topic()).bind("partition", gap.partition())
                    .bind("from", gap.from()).mapTo(Integer.class).one() > 0;
            if (!known) {
                h.createUpdate("insert into source_gaps(flow, source_topic, source_partition, from_offset, to_offset,"
                                + " recorded_at) values (:flow, :topic, :partition, :from, :to, :at)")
                        .bind("flow", gap.flow()).bind("topic", gap.topic()).bind("partition", gap.partition())
                        .bind("from", gap.from()).bind("to", gap.to()).bind("at", gap.recordedAt().atOffset(ZoneOffset.UTC))
                        .execute();
            }
        });
    }

    /**
     * The flow's gaps recorded since its newest stored verification run started (all of them when it has
     * none): each gap fails the first verification that follows it.
     */
    public List<Gap> sincePreviousVerification(String flow) {
        return jdbi.withHandle(h -> h.createQuery("select flow, source_topic, source_partition, from_offset, to_offset,"
                        + " recorded_at from source_gaps g where flow = :flow and not exists (select 1 from verification_runs"
                        + " v where v.flow = g.flow and v.started_at >= g.recorded_at)"
                        + " order by source_topic, source_partition, from_offset")
                .bind("flow", flow)
                .map((rs, ctx) -> new Gap(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list());
    }
}
