package dev.tandem.store;

import dev.tandem.client.Partition;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.offsets.SyncPoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Sync points and replication progress of each flow, in the store. */
public final class SyncPointRepository {

    private static final List<String> PARTITION_KEY = List.of("flow", "source_topic", "source_partition");

    private final Jdbi jdbi;

    public SyncPointRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Saves sync points (in the order they were recorded) and the partitions' progress (keeping where their
     * sync point history starts), in one transaction, for {@code owner}: the partitions it claims become its
     * own; any other partition saved must be its own or no one's yet ({@link Owner#UNCHECKED}: nothing is
     * checked). As in {@code SyncPointHistory}, a point at or before a partition's newest stored one replaces
     * every stored point from its offset on: after a restart the newest copy of the records is the one
     * described.
     *
     * @throws NotTheOwnerException when another member claimed one of the partitions since: nothing is saved
     */
    public void record(String flow, UnaryOperator<String> targetTopicOf, Owner owner, List<SyncPoint> points,
                       List<Progress> progress, Instant now) {
        if (points.isEmpty() && progress.isEmpty() && owner.claiming().isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            owner.member().ifPresent(member -> own(h, flow, member, owner.claiming(), points, progress, utc(now)));
            saveIn(h, flow, targetTopicOf, points);
            if (!progress.isEmpty()) {
                saveProgressIn(h, flow, progress);
            }
        });
    }

    /**
     * Claims {@code claiming} for {@code member}, and checks that every other partition saved is its own (or no
     * one's: then it claims it). Each owner row is updated, never only read, so that a concurrent claim of it
     * waits for this transaction or this one for it: a claim and a save from the member it replaced never both
     * pass.
     */
    private void own(Handle h, String flow, String member, Set<Partition> claiming, List<SyncPoint> points,
                     List<Progress> progress, OffsetDateTime now) {
        Set<Partition> saved = new TreeSet<>();
        points.forEach(p -> saved.add(new Partition(p.sourceTopic(), p.partition())));
        progress.forEach(p -> saved.add(new Partition(p.topic(), p.partition())));
        claim(h, flow, member, new TreeSet<>(claiming), now);
        List<Partition> others = saved.stream().filter(p -> !claiming.contains(p)).toList();
        // one batch, one statement a partition (not a row count over several: which one is not its own matters)
        PreparedBatch check = h.prepareBatch("update partition_owners set claimed_at = claimed_at where flow = :flow"
                + " and source_topic = :topic and source_partition = :partition and owner = :owner");
        others.forEach(p -> check.bind("flow", flow).bind("topic", p.topic()).bind("partition", p.partition())
                .bind("owner", member).add());
        int[] mine = others.isEmpty() ? new int[0] : check.execute();
        Set<Partition> elsewhere = new TreeSet<>();
        List<Partition> unowned = new java.util.ArrayList<>();
        for (int i = 0; i < others.size(); i++) {
            if (mine[i] > 0) {
                continue;
            }
            Partition p = others.get(i);
            boolean owned = h.createQuery("select owner from partition_owners where flow = :flow"
                            + " and source_topic = :topic and source_partition = :partition")
                    .bind("flow", flow).bind("topic", p.topic()).bind("partition", p.partition())
                    .mapTo(String.class).findOne().isPresent();
            (owned ? elsewhere : unowned).add(p);
        }
        claim(h, flow, member, unowned, now);
        if (!elsewhere.isEmpty()) {
            throw new NotTheOwnerException(elsewhere + " moved to another replicator since this"
                    + " one was assigned them; their sync points and progress here are not saved (the new owner copies"
                    + " what was not committed again)", elsewhere);
        }
    }

    private void claim(Handle h, String flow, String member, Collection<Partition> partitions, OffsetDateTime now) {
        if (partitions.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(SqlDialect.of(h).upsert("partition_owners", PARTITION_KEY,
                List.of("flow", "source_topic", "source_partition", "owner", "claimed_at")));
        partitions.forEach(p -> batch.bind("flow", flow).bind("source_topic", p.topic())
                .bind("source_partition", p.partition()).bind("owner", member).bind("claimed_at", now).add());
        batch.execute();
    }

    private static void saveIn(Handle h, String flow, UnaryOperator<String> targetTopicOf, List<SyncPoint> points) {
        Map<String, List<SyncPoint>> byPartition = new LinkedHashMap<>();
        for (SyncPoint p : points) {
            byPartition.computeIfAbsent(p.sourceTopic() + "\u0000" + p.partition(), k -> new java.util.ArrayList<>()).add(p);
        }
        for (List<SyncPoint> partitionPoints : byPartition.values()) {
            SyncPoint first = partitionPoints.stream().min(Comparator.comparingLong(SyncPoint::sourceOffset)).get();
            h.createUpdate("delete from sync_points where flow = :flow and source_topic = :topic"
                            + " and source_partition = :partition and source_offset >= :from")
                    .bind("flow", flow).bind("topic", first.sourceTopic()).bind("partition", first.partition())
                    .bind("from", first.sourceOffset()).execute();
            insert(h, flow, targetTopicOf, partitionPoints);
        }
    }

    private static void insert(Handle h, String flow, UnaryOperator<String> targetTopicOf, List<SyncPoint> points) {
        PreparedBatch batch = h.prepareBatch("insert into sync_points(flow, source_topic, source_partition,"
                + " source_offset, target_topic, target_offset, ends_segment, recorded_at)"
                + " values (:flow, :topic, :partition, :sourceOffset, :targetTopic, :targetOffset, :endsSegment, :time)");
        // Within one batch a later point at the same offset (a segment end flagged again) wins.
        Map<Long, SyncPoint> latest = new LinkedHashMap<>();
        points.forEach(p -> latest.put(p.sourceOffset(), p));
        for (SyncPoint p : latest.values()) {
            batch.bind("flow", flow).bind("topic", p.sourceTopic()).bind("partition", p.partition())
                    .bind("sourceOffset", p.sourceOffset()).bind("targetTopic", targetTopicOf.apply(p.sourceTopic()))
                    .bind("targetOffset", p.targetOffset()).bind("endsSegment", p.endsSegment())
                    .bind("time", utc(p.time())).add();
        }
        batch.execute();
    }

    /** How far one partition got: every source offset below {@code nextSource} is on the target or passed over. */
    public record Progress(String topic, int partition, long nextSource, long nextTarget, Instant time) {
    }

    /** Records how far partitions have been replicated, keeping where their sync point history starts. */
    private void saveProgressIn(Handle h, String flow, List<Progress> updates) {
        PreparedBatch batch = h.prepareBatch(SqlDialect.of(h).upsert("replication_progress", PARTITION_KEY,
                List.of("flow", "source_topic", "source_partition", "next_source_offset", "next_target_offset", "updated_at")));
        for (Progress p : updates) {
            batch.bind("flow", flow).bind("source_topic", p.topic()).bind("source_partition", p.partition())
                    .bind("next_source_offset", p.nextSource()).bind("next_target_offset", p.nextTarget())
                    .bind("updated_at", utc(p.time())).add();
        }
        batch.execute();
    }

    /** How far every partition of a flow has been replicated, by source topic and partition. */
    public Map<String, Map<Integer, ReplicationPosition>> positions(String flow) {
        record Row(String topic, int partition, ReplicationPosition position) {
        }
        List<Row> rows = jdbi.withHandle(h -> h.createQuery("select source_topic, source_partition, history_start,"
                        + " next_source_offset, next_target_offset from replication_progress where flow = :flow")
                .bind("flow", flow)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getInt(2),
                        new ReplicationPosition(rs.getLong(3), rs.getLong(4), rs.getLong(5))))
                .list());
        Map<String, Map<Integer, ReplicationPosition>> positions = new java.util.HashMap<>();
        rows.forEach(r -> positions.computeIfAbsent(r.topic(), t -> new java.util.HashMap<>()).put(r.partition(), r.position()));
        return positions;
    }

    /**
     * The sync points of one partition that translating offsets at or after {@code sourceOffset}
     * needs: from the newest one at or before it on (all of them when there is none).
     */
    public List<SyncPoint> loadFrom(String flow, String topic, int partition, long sourceOffset) {
        return jdbi.withHandle(h -> h.createQuery("select source_topic, source_partition, source_offset, target_offset,"
                        + " recorded_at, ends_segment from sync_points where flow = :flow and source_topic = :topic"
                        + " and source_partition = :partition and source_offset >= coalesce((select max(s.source_offset)"
                        + " from sync_points s where s.flow = :flow and s.source_topic = :topic"
                        + " and s.source_partition = :partition and s.source_offset <= :from), -1)"
                        + " order by source_offset")
                .bind("flow", flow).bind("topic", topic).bind("partition", partition).bind("from", sourceOffset)
                .map((rs, ctx) -> syncPoint(rs))
                .list());
    }

    /** How far one partition has been replicated, if it ever was. */
    public Optional<ReplicationPosition> position(String flow, String topic, int partition) {
        return jdbi.withHandle(h -> h.createQuery("select history_start, next_source_offset, next_target_offset"
                        + " from replication_progress where flow = :flow and source_topic = :topic"
                        + " and source_partition = :partition")
                .bind("flow", flow).bind("topic", topic).bind("partition", partition)
                .map((rs, ctx) -> new ReplicationPosition(rs.getLong(1), rs.getLong(2), rs.getLong(3))).findOne());
    }

    /** Every stored sync point of one partition, oldest offset first. */
    public List<SyncPoint> load(String flow, String topic, int partition) {
        return jdbi.withHandle(h -> h.createQuery("select source_topic, source_partition, source_offset, target_offset,"
                        + " recorded_at, ends_segment from sync_points where flow = :flow and source_topic = :topic"
                        + " and source_partition = :partition order by source_offset")
                .bind("flow", flow).bind("topic", topic).bind("partition", partition)
                .map((rs, ctx) -> syncPoint(rs))
                .list());
    }

    private static SyncPoint syncPoint(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SyncPoint(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getBoolean(6));
    }

    /**
     * Deletes every sync point and the progress of every partition of one source topic (its replica no
     * longer holds the records they name): a checkpoint of it has nothing to translate from until its
     * next sync points. Returns how many sync points were deleted.
     */
    public int forget(String flow, String topic) {
        return jdbi.inTransaction(h -> {
            int deleted = h.createUpdate("delete from sync_points where flow = :flow and source_topic = :topic")
                    .bind("flow", flow).bind("topic", topic).execute();
            h.createUpdate("delete from replication_progress where flow = :flow and source_topic = :topic")
                    .bind("flow", flow).bind("topic", topic).execute();
            return deleted;
        });
    }

    /**
     * Deletes sync points recorded before {@code cutoff}, keeping in each partition the newest of
     * them as the anchor that later offsets are translated from. Returns how many were deleted.
     */
    public int prune(String flow, Instant cutoff) {
        return jdbi.inTransaction(h -> pruneIn(h, flow, cutoff));
    }

    private static int pruneIn(Handle h, String flow, Instant cutoff) {
        int deleted = h.createUpdate("delete from sync_points where flow = :flow and recorded_at < :cutoff"
                        + " and source_offset < (select max(s.source_offset) from sync_points s where s.flow = sync_points.flow"
                        + " and s.source_topic = sync_points.source_topic and s.source_partition = sync_points.source_partition"
                        + " and s.recorded_at < :cutoff)")
                .bind("flow", flow).bind("cutoff", utc(cutoff)).execute();
        if (deleted > 0) {
            h.createUpdate("update replication_progress set history_start = (select min(s.source_offset) from sync_points s"
                            + " where s.flow = replication_progress.flow and s.source_topic = replication_progress.source_topic"
                            + " and s.source_partition = replication_progress.source_partition)"
                            + " where flow = :flow and exists (select 1 from sync_points s where s.flow = replication_progress.flow"
                            + " and s.source_topic = replication_progress.source_topic"
                            + " and s.source_partition = replication_progress.source_partition)")
                    .bind("flow", flow).execute();
        }
        return deleted;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
