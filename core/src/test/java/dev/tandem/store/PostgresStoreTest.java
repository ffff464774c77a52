package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.Checkpoint;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.client.Translation;
import dev.tandem.playbook.StoreSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store on a real PostgreSQL server (embedded binaries from Maven Central): the migrations
 * apply, and the statements that differ from H2 (upserts) and the correlated pruning work there.
 */
class PostgresStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static EmbeddedPostgres postgres;
    private static TandemStore store;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        store = TandemStore.open(new StoreSpec(postgres.getJdbcUrl("postgres", "postgres").replace("?user=postgres", ""),
                Optional.of("postgres"), Optional.empty()));
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        postgres.close();
    }

    @Test
    void syncedAclsAreRecordedAndForgottenThere() {
        SyncedAclRepositoryTest.recordsOncePerFlowAndOriginAndForgets(store);
    }

    @Test
    void sourceGapsAreToldOnceThere() {
        SourceGapRepositoryTest.eachGapIsToldByExactlyOneVerificationRun(store);
    }

    @Test
    void migrationsAreStoredAndListedThere() {
        MigrationRepositoryTest.savesAndListsNewestFirstPerFlow(store);
    }

    @Test
    void progressIsUpsertedKeepingTheHistoryStartAndSyncPointsPruneAndLoad() {
        SyncPointRepository repository = new SyncPointRepository(store.jdbi());
        String flow = "f-" + UUID.randomUUID();
        save(repository, flow, t -> "east." + t, List.of(point(0, 0, T0), point(10, 12, T0.plusSeconds(10)),
                point(20, 22, T0.plusSeconds(100))));
        saveProgress(repository, flow, List.of(new SyncPointRepository.Progress("orders", 0, 21, 23, T0)));

        assertThat(repository.prune(flow, T0.plusSeconds(50))).isEqualTo(1);
        saveProgress(repository, flow, List.of(new SyncPointRepository.Progress("orders", 0, 30, 32, T0)));

        assertThat(repository.positions(flow).get("orders").get(0)).isEqualTo(new ReplicationPosition(10, 30, 32));
        assertThat(repository.loadFrom(flow, "orders", 0, 15)).extracting(SyncPoint::sourceOffset)
                .containsExactly(10L, 20L);
    }

    @Test
    void aSaveFromAMemberThePartitionMovedAwayFromIsRefusedThere() {
        SyncPointRepositoryTest.aMovedPartitionRefusesItsFormerOwner(new SyncPointRepository(store.jdbi()),
                "f-" + UUID.randomUUID());
    }

    @Test
    void checkpointsAreUpsertedAndListedPerGroupAndPartition() {
        CheckpointRepository repository = new CheckpointRepository(store.jdbi());
        String flow = "f-" + UUID.randomUUID();
        Checkpoint ahead = new Checkpoint(flow, "g", "orders", 0, 9, "east.orders",
                new Translation.AheadOfReplication(7, 2), T0, T0);
        Checkpoint none = new Checkpoint(flow, "g", "orders", 1, 0, "east.orders", new Translation.NoSyncPoint(), T0, T0);
        repository.write(List.of(ahead, none));
        Checkpoint exact = new Checkpoint(flow, "g", "orders", 0, 9, "east.orders", new Translation.Exact(9), T0,
                T0.plusSeconds(5), Optional.of(T0.minusSeconds(60)));
        repository.write(List.of(exact));

        assertThat(repository.latest(flow, Optional.empty())).containsExactly(exact, none);
        assertThat(repository.prune(flow, T0.plusSeconds(1))).isEqualTo(1);
        assertThat(repository.latest(flow, Optional.of("g"))).containsExactly(exact);
    }

    private static SyncPoint point(long source, long target, Instant time) {
        return new SyncPoint("orders", 0, source, target, time, false);
    }

    /** Sync points saved by no member of a group, as the replicator's saves are made (SyncPointRepository#record). */
    private static void save(SyncPointRepository repository, String flow, java.util.function.UnaryOperator<String> targetTopicOf,
                             List<SyncPoint> points) {
        repository.record(flow, targetTopicOf, Owner.UNCHECKED, points, List.of(), java.time.Instant.EPOCH);
    }

    private static void saveProgress(SyncPointRepository repository, String flow, List<SyncPointRepository.Progress> progress) {
        repository.record(flow, t -> t, Owner.UNCHECKED, List.of(), progress, java.time.Instant.EPOCH);
    }
}
