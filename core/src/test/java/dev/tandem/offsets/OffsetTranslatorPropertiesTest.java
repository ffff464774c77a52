package dev.tandem.offsets;

import dev.tandem.client.Translation;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Replicates random source partitions (gaps from transaction markers, compaction holes, a
 * retention-truncated start, foreign writes on the target), records sync points with
 * {@link SyncPointPolicy}, and checks that every committed offset translates exactly as the rule
 * says: to the target offset of the first replicated record whose source offset is >= it.
 */
class OffsetTranslatorPropertiesTest {

    /** One replicated record: where it was on the source and where it landed on the target. */
    private record Copy(long source, long target) {
    }

    @Property(tries = 300)
    void backwardsEveryTargetOffsetTranslatesToTheSourceOfTheFirstCopyAtOrAfterIt(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 300) int records, @ForAll @IntRange(min = 0, max = 60) int gapPercent) {
        Random random = new Random(seed);
        List<Copy> copies = replicate(random, records, gapPercent);
        OffsetTranslator backwards = OffsetTranslator.backwards(recordSyncPoints(copies, random),
                new ReplicationPosition(0, last(copies).source() + 1, last(copies).target() + 1));

        for (long committed = 0; committed <= last(copies).target(); committed++) {
            long t = committed;
            long expected = copies.stream().filter(c -> c.target() >= t).findFirst().orElseThrow().source();
            assertThat(backwards.translate(committed)).as("target offset %d of %s", committed, copies)
                    .isEqualTo(new Translation.Exact(expected));
        }
        assertThat(backwards.translate(last(copies).target() + 1)).as("after the last copy")
                .isEqualTo(new Translation.Exact(last(copies).source() + 1));
    }

    @Property(tries = 500)
    void everyCommittedOffsetTranslatesExactly(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int records,
                                               @ForAll @IntRange(min = 0, max = 60) int gapPercent,
                                               @ForAll @IntRange(min = 0, max = 3) int trailingMarkers) {
        Random random = new Random(seed);
        List<Copy> copies = replicate(random, records, gapPercent);
        long nextSource = last(copies).source() + 1 + trailingMarkers;
        OffsetTranslator translator = new OffsetTranslator(recordSyncPoints(copies, random),
                new ReplicationPosition(0, nextSource, last(copies).target() + 1));

        for (long committed = 0; committed <= nextSource + 5; committed++) {
            Translation expected = expected(copies, committed, nextSource);
            assertThat(translator.translate(committed)).as("committed offset %d of %s", committed, copies)
                    .isEqualTo(expected);
        }
    }

    @Property(tries = 200)
    void aRestartThatCopiesRecordsAgainIsTranslatedByItsNewestCopy(@ForAll long seed,
                                                                   @ForAll @IntRange(min = 2, max = 200) int records) {
        Random random = new Random(seed);
        List<Copy> firstRun = replicate(random, records, 20);
        int resumeAt = random.nextInt(firstRun.size());
        long targetEnd = last(firstRun).target() + 1;
        List<Copy> secondRun = new ArrayList<>();
        for (Copy copy : firstRun.subList(resumeAt, firstRun.size())) {
            secondRun.add(new Copy(copy.source(), targetEnd + secondRun.size()));
        }
        SyncPointHistory history = new SyncPointHistory();
        recordSyncPoints(firstRun, random).forEach(history::add);
        recordSyncPoints(secondRun, random).forEach(history::add);
        List<Copy> visible = new ArrayList<>(firstRun.subList(0, resumeAt));
        visible.addAll(secondRun);

        long nextSource = last(visible).source() + 1;
        OffsetTranslator translator = new OffsetTranslator(history.points(),
                new ReplicationPosition(0, nextSource, last(visible).target() + 1));

        for (long committed = visible.get(0).source(); committed <= nextSource; committed++) {
            assertThat(translator.translate(committed)).as("committed offset %d", committed)
                    .isEqualTo(expected(visible, committed, nextSource));
        }
    }

    /**
     * Records deleted on the source before they were copied (retention while the flow was stopped): the
     * next run resumes after the gap, so the first run's last segment stops being in step where its copies
     * end. A group committed inside the gap translates to the first copy after it, never further on
     * (which would skip that many of the records copied after the gap).
     */
    @Property(tries = 300)
    void aRunResumingAfterRecordsDeletedBeforeTheyWereCopiedIsTranslatedToItsFirstCopy(@ForAll long seed,
            @ForAll @IntRange(min = 3, max = 300) int records, @ForAll @IntRange(min = 0, max = 60) int gapPercent) {
        Random random = new Random(seed);
        List<Copy> source = replicate(random, records, gapPercent);
        int copied = 1 + random.nextInt(source.size() - 2); // the first run copied source[0, copied)
        int resumeAt = copied + 1 + random.nextInt(source.size() - copied - 1); // [copied, resumeAt) deleted, not copied
        List<Copy> firstRun = source.subList(0, copied);
        long targetEnd = last(firstRun).target() + 1;
        List<Copy> secondRun = new ArrayList<>();
        for (Copy copy : source.subList(resumeAt, source.size())) {
            secondRun.add(new Copy(copy.source(), targetEnd + secondRun.size()));
        }
        SyncPointHistory history = new SyncPointHistory();
        recordSyncPoints(firstRun, random).forEach(history::add);
        recordSyncPoints(secondRun, random).forEach(history::add);
        List<Copy> visible = new ArrayList<>(firstRun);
        visible.addAll(secondRun);
        long nextSource = last(visible).source() + 1;
        OffsetTranslator translator = new OffsetTranslator(history.points(),
                new ReplicationPosition(0, nextSource, last(visible).target() + 1));

        for (long committed = visible.get(0).source(); committed <= nextSource; committed++) {
            assertThat(translator.translate(committed)).as("committed offset %d, copied %s", committed, visible)
                    .isEqualTo(expected(visible, committed, nextSource));
        }
    }

    /**
     * An exactly-once process that crashed after a transaction committed and before the store got its
     * sync points and progress: the store knows the copies only up to an earlier commit. A checkpoint
     * translated from that store never names a target offset past the replica of the group's next
     * record (the group may read some records again, never skip one).
     */
    @Property(tries = 300)
    void aStoreThatMissesTheNewestSyncPointsTranslatesNoOffsetPastItsExactReplica(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 300) int records, @ForAll @IntRange(min = 0, max = 60) int gapPercent) {
        Random random = new Random(seed);
        List<Copy> copies = replicate(random, records, gapPercent);
        List<SyncPoint> all = recordSyncPoints(copies, random);
        Copy savedUpTo = copies.get(random.nextInt(copies.size() - 1));
        List<SyncPoint> saved = all.stream().filter(p -> p.sourceOffset() <= savedUpTo.source()).toList();
        OffsetTranslator stale = new OffsetTranslator(saved,
                new ReplicationPosition(0, savedUpTo.source() + 1, savedUpTo.target() + 1));
        long nextSource = last(copies).source() + 1;

        for (long committed = copies.get(0).source(); committed <= nextSource; committed++) {
            long exact = ((Translation.Exact) expected(copies, committed, nextSource)).targetOffset();
            Translation translated = stale.translate(committed);
            long target = translated instanceof Translation.Exact e ? e.targetOffset()
                    : ((Translation.AheadOfReplication) translated).targetOffset();
            assertThat(target).as("committed offset %d, store saved up to %s, copies %s", committed, savedUpTo, copies)
                    .isLessThanOrEqualTo(exact);
        }
    }

    @Property(tries = 50)
    void anOffsetBeforeThePrunedHistoryHasNoTranslation(@ForAll long seed) {
        Random random = new Random(seed);
        List<Copy> copies = replicate(random, 50, 10);
        long historyStart = copies.get(0).source();
        OffsetTranslator translator = new OffsetTranslator(recordSyncPoints(copies, random),
                new ReplicationPosition(historyStart, last(copies).source() + 1, last(copies).target() + 1));

        if (historyStart > 0) {
            assertThat(translator.translate(historyStart - 1)).isEqualTo(new Translation.NoSyncPoint());
        }
        assertThat(translator.translate(historyStart)).isEqualTo(new Translation.Exact(copies.get(0).target()));
        assertThat(new OffsetTranslator(List.of(), ReplicationPosition.unknown()).translate(0))
                .isEqualTo(new Translation.NoSyncPoint());
    }

    /** Copies of {@code count} records; source and target offsets skip at random. */
    private static List<Copy> replicate(Random random, int count, int gapPercent) {
        List<Copy> copies = new ArrayList<>();
        long source = random.nextInt(3) == 0 ? random.nextInt(1000) : 0; // retention may have truncated the start
        long target = random.nextInt(50);
        for (int i = 0; i < count; i++) {
            copies.add(new Copy(source, target));
            source += 1 + (random.nextInt(100) < gapPercent ? 1 + random.nextInt(random.nextBoolean() ? 1 : 20) : 0);
            target += 1 + (random.nextInt(100) < gapPercent / 2 ? 1 + random.nextInt(5) : 0);
        }
        return copies;
    }

    private static List<SyncPoint> recordSyncPoints(List<Copy> copies, Random random) {
        SyncPointPolicy policy = new SyncPointPolicy("t", 0, Duration.ofSeconds(10));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        List<SyncPoint> points = new ArrayList<>();
        for (Copy copy : copies) {
            now = now.plusMillis(random.nextInt(2000));
            points.addAll(policy.onReplicated(copy.source(), copy.target(), now));
        }
        SyncPointHistory history = new SyncPointHistory();
        points.forEach(history::add);
        return history.points();
    }

    /** The rule itself, by brute force; offsets up to {@code nextSource} were all dealt with. */
    private static Translation expected(List<Copy> copies, long committed, long nextSource) {
        for (Copy copy : copies) {
            if (copy.source() >= committed) {
                return new Translation.Exact(copy.target());
            }
        }
        Copy last = last(copies);
        if (committed <= nextSource) {
            return new Translation.Exact(last.target() + 1);
        }
        return new Translation.AheadOfReplication(last.target() + 1, committed - nextSource);
    }

    private static Copy last(List<Copy> copies) {
        return copies.get(copies.size() - 1);
    }
}
