package dev.tandem.store;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointKind;
import dev.tandem.client.CheckpointSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The latest checkpoint of each flow, group and source partition, in the store. */
public final class CheckpointRepository implements CheckpointSource {

    private static final List<String> KEY = List.of("flow", "group_id", "source_topic", "source_partition");
    private static final List<String> COLUMNS = List.of("flow", "group_id", "source_topic", "source_partition",
            "source_offset", "target_topic", "kind", "target_offset", "not_replicated", "committed_at",
            "checkpointed_at", "committed_after");

    private final Jdbi jdbi;

    public CheckpointRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts the checkpoints, replacing those of the same flow, group and partition, in one transaction. */
    public void write(List<Checkpoint> checkpoints) {
        if (checkpoints.isEmpty()) {
            return;
        }
        // A plain JDBC batch on JDBI's connection: a cycle can write 100,000 rows, and binding by
        // name per row costs more than the database does.
        try {
            jdbi.useTransaction(h -> {
                try (PreparedStatement batch = h.getConnection().prepareStatement(
                        SqlDialect.of(h).positionalUpsert("checkpoints", KEY, COLUMNS))) {
                    for (Checkpoint c : checkpoints) {
                        bind(batch, c);
                        batch.addBatch();
                    }
                    batch.executeBatch();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("write " + checkpoints.size() + " checkpoints: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, Checkpoint c) throws SQLException {
        statement.setString(1, c.flow());
        statement.setString(2, c.group());
        statement.setString(3, c.sourceTopic());
        statement.setInt(4, c.partition());
        statement.setLong(5, c.sourceOffset());
        statement.setString(6, c.targetTopic());
        statement.setString(7, c.kind().wireName());
        if (c.targetOffset().isPresent()) {
            statement.setLong(8, c.targetOffset().getAsLong());
        } else {
            statement.setNull(8, Types.BIGINT);
        }
        statement.setLong(9, c.recordsNotYetReplicated());
        statement.setObject(10, utc(c.committedAt()));
        statement.setObject(11, utc(c.checkpointedAt()));
        if (c.committedAfter().isPresent()) {
            statement.setObject(12, utc(c.committedAfter().get()));
        } else {
            statement.setNull(12, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    @Override
    public List<Checkpoint> latest(String flow, Optional<String> group) {
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("select flow, group_id, source_topic, source_partition, source_offset,"
                            + " target_topic, kind, target_offset, not_replicated, committed_at, checkpointed_at,"
                            + " committed_after from checkpoints where flow = :flow" + (group.isPresent() ? " and group_id = :group" : "")
                            + " order by group_id, source_topic, source_partition")
                    .bind("flow", flow);
            group.ifPresent(g -> query.bind("group", g));
            return query.map((rs, ctx) -> read(rs)).list();
        });
    }

    /** Deletes checkpoints not confirmed since {@code cutoff} (groups deleted or no longer checkpointed). */
    public int prune(String flow, Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("delete from checkpoints where flow = :flow and checkpointed_at < :cutoff")
                .bind("flow", flow).bind("cutoff", utc(cutoff)).execute());
    }

    private static Checkpoint read(ResultSet rs) throws SQLException {
        long target = rs.getLong("target_offset");
        OptionalLong targetOffset = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(target);
        CheckpointKind kind = CheckpointKind.fromWireName(rs.getString("kind"));
        return new Checkpoint(rs.getString("flow"), rs.getString("group_id"), rs.getString("source_topic"),
                rs.getInt("source_partition"), rs.getLong("source_offset"), rs.getString("target_topic"),
                kind.translation(targetOffset, rs.getLong("not_replicated")),
                rs.getObject("committed_at", OffsetDateTime.class).toInstant(),
                rs.getObject("checkpointed_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getObject("committed_after", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
