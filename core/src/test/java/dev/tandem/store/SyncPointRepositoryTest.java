package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.client.Partition;

import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.offsets.SyncPointRecordFormat;
import dev.tandem.playbook.StoreSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncPointRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private TandemStore store;
    private SyncPointRepository repository;

    @BeforeEach
    void open() {
        store = TandemStore.open(new StoreSpec("jdbc:h2:file:" + dir.resolve("s"), Optional.empty(), Optional.empty()));
        repository = new SyncPointRepository(store.jdbi());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static SyncPoint point(long source, long target, Instant time) {
        return new SyncPoint("orders", 0, source, target, time, false);
    }

    @Test
    void pointsOfARestartReplaceTheOlderCopyFromTheirOffsetOn() {
        save(repository, "f", t -> "east." + t, List.of(point(0, 0, T0), point(50, 50, T0), point(90, 90, T0)));

        save(repository, "f", t -> "east." + t, List.of(point(40, 100, T0.plusSeconds(1))));

        assertThat(repository.load("f", "orders", 0)).extracting(SyncPoint::sourceOffset, SyncPoint::targetOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 0L),
                        org.assertj.core.groups.Tuple.tuple(40L, 100L));
    }

    @Test
    void pruningKeepsTheNewestOldPointAsAnchorAndMovesTheHistoryStart() {
        save(repository, "f", t -> t, List.of(point(0, 0, T0), point(10, 12, T0.plusSeconds(10)),
                point(20, 22, T0.plusSeconds(100))));
        saveProgress(repository, "f", List.of(new SyncPointRepository.Progress("orders", 0, 21, 23, T0)));

        int deleted = repository.prune("f", T0.plusSeconds(50));

        assertThat(deleted).isEqualTo(1);
        assertThat(repository.load("f", "orders", 0)).extracting(SyncPoint::sourceOffset).containsExactly(10L, 20L);
        assertThat(repository.position("f", "orders", 0)).contains(new ReplicationPosition(10, 21, 23));

        saveProgress(repository, "f", List.of(new SyncPointRepository.Progress("orders", 0, 30, 32, T0)));
        assertThat(repository.positions("f").get("orders").get(0))
                .as("new progress keeps the history start").isEqualTo(new ReplicationPosition(10, 30, 32));
    }

    @Test
    void loadingFromAnOffsetStartsAtTheNewestPointAtOrBeforeIt() {
        save(repository, "f", t -> t, List.of(point(0, 0, T0), point(10, 12, T0), point(20, 25, T0)));

        assertThat(repository.loadFrom("f", "orders", 0, 15)).extracting(SyncPoint::sourceOffset).containsExactly(10L, 20L);
        assertThat(repository.loadFrom("f", "orders", 0, 20)).extracting(SyncPoint::sourceOffset).containsExactly(20L);
        assertThat(repository.loadFrom("f", "orders", 0, 99)).extracting(SyncPoint::sourceOffset).containsExactly(20L);
        assertThat(repository.loadFrom("f", "orders", 1, 5)).isEmpty();
        save(repository, "g", t -> t, List.of(point(7, 7, T0)));
        assertThat(repository.loadFrom("g", "orders", 0, 3)).as("nothing at or before: every point")
                .extracting(SyncPoint::sourceOffset).containsExactly(7L);
    }

    @Test
    void progressKeepsOnlyTheNewestPosition() {
        saveProgress(repository, "f", List.of(new SyncPointRepository.Progress("orders", 0, 6, 6, T0)));
        saveProgress(repository, "f", List.of(new SyncPointRepository.Progress("orders", 0, 10, 9, T0)));

        assertThat(repository.position("f", "orders", 0)).contains(new ReplicationPosition(0, 10, 9));
        assertThat(repository.position("f", "orders", 1)).isEmpty();
    }

    @Test
    void topicFormatRoundTrips() {
        SyncPoint p = new SyncPoint("orders", 3, 17, 21, T0, true);

        SyncPointRecordFormat.Decoded decoded = SyncPointRecordFormat.decode(SyncPointRecordFormat.key("f", p),
                SyncPointRecordFormat.value("east.orders", p));

        assertThat(decoded).isEqualTo(new SyncPointRecordFormat.Decoded("f", "east.orders", p));
    }

    @Test
    void aSaveFromAMemberThePartitionMovedAwayFromIsRefusedAndSavesNothing() {
        aMovedPartitionRefusesItsFormerOwner(repository, "f");
    }

    @Test
    void aPartitionNoOneClaimedYetIsClaimedByItsFirstSave() {
        Partition orders = new Partition("orders", 0);
        repository.record("f", t -> t, Owner.member("a", Set.of()), List.of(point(0, 0, T0)), List.of(), T0);

        // "a" owns it now: "b", which was not assigned it, may not save it
        assertThatThrownBy(() -> repository.record("f", t -> t, Owner.member("b", Set.of()), List.of(point(5, 5, T0)),
                List.of(), T0)).isInstanceOf(NotTheOwnerException.class);
        repository.record("f", t -> t, Owner.member("b", Set.of(orders)), List.of(point(5, 5, T0)), List.of(), T0);
        assertThat(repository.load("f", "orders", 0)).extracting(SyncPoint::sourceOffset).containsExactly(0L, 5L);
    }

    /**
     * Member "a" saves partition 0, then is frozen; "b" is assigned it, copies from a's last commit and saves;
     * "a" wakes and saves its older copies: refused, and b's sync points and progress stay as b saved them.
     */
    static void aMovedPartitionRefusesItsFormerOwner(SyncPointRepository repository, String flow) {
        Partition orders = new Partition("orders", 0);
        repository.record(flow, t -> t, Owner.member("a", Set.of(orders)), List.of(point(0, 0, T0)),
                List.of(new SyncPointRepository.Progress("orders", 0, 100, 100, T0)), T0);
        repository.record(flow, t -> t, Owner.member("b", Set.of(orders)), List.of(point(100, 150, T0), point(180, 230, T0)),
                List.of(new SyncPointRepository.Progress("orders", 0, 200, 250, T0)), T0);

        assertThatThrownBy(() -> repository.record(flow, t -> t, Owner.member("a", Set.of()),
                List.of(point(100, 100, T0), point(140, 140, T0)),
                List.of(new SyncPointRepository.Progress("orders", 0, 150, 150, T0)), T0))
                .isInstanceOf(NotTheOwnerException.class).hasMessageContaining("orders-0")
                .hasMessageContaining("moved to another replicator");

        assertThat(repository.load(flow, "orders", 0)).extracting(SyncPoint::sourceOffset, SyncPoint::targetOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 0L), org.assertj.core.groups.Tuple.tuple(100L, 150L),
                        org.assertj.core.groups.Tuple.tuple(180L, 230L));
        assertThat(repository.position(flow, "orders", 0)).hasValueSatisfying(p -> {
            assertThat(p.nextSourceOffset()).isEqualTo(200);
            assertThat(p.nextTargetOffset()).isEqualTo(250);
        });
        // b goes on saving it
        repository.record(flow, t -> t, Owner.member("b", Set.of()), List.of(point(200, 250, T0)), List.of(), T0);
        assertThat(repository.load(flow, "orders", 0)).hasSize(4);
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
