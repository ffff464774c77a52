package dev.tandem.verifier.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.offsets.OffsetTranslator;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.offsets.SyncPoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class PartitionComparerTest {

    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    private static ComparedRecord record(long offset, String value) {
        return new ComparedRecord(offset, ("k" + value).getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), List.of(), 1000 + offset, Optional.empty());
    }

    private static ComparedRecord copyOf(ComparedRecord source, long offset) {
        return new ComparedRecord(offset, source.key(), source.value(), source.headers(), source.timestamp(),
                Optional.of("east-id"));
    }

    /** In-memory stream over records already in offset order. */
    private static RecordStream stream(List<ComparedRecord> records) {
        return new RecordStream() {
            private int next;

            @Override
            public ComparedRecord peek() {
                return next < records.size() ? records.get(next) : null;
            }

            @Override
            public ComparedRecord next() {
                return next < records.size() ? records.get(next++) : null;
            }
        };
    }

    private static List<ComparedRecord> source(int count) {
        List<ComparedRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(i, "v" + i));
        }
        return records;
    }

    private static PartitionComparison compare(List<ComparedRecord> source, long sourceEnd,
                                               List<ComparedRecord> target, long targetEnd, List<SyncPoint> points,
                                               ReplicationPosition position) {
        OffsetTranslator translator = new OffsetTranslator(points, position);
        return new PartitionComparer("orders", 0, "east.orders", "west-id", translator::translate)
                .compare(source.isEmpty() ? 0 : source.get(0).offset(), stream(source), sourceEnd, stream(target),
                        targetEnd, () -> { });
    }

    private static SyncPoint point(long source, long target, boolean endsSegment) {
        return new SyncPoint("orders", 0, source, target, T, endsSegment);
    }

    @Test
    void aFaithfulCopyIsTheSame() {
        List<ComparedRecord> source = source(10);
        List<ComparedRecord> target = source.stream().map(r -> copyOf(r, r.offset() + 5)).toList();
        PartitionComparison result = compare(source, 10, target, 15, List.of(point(0, 5, false)),
                new ReplicationPosition(0, 10, 15));
        assertThat(result.same()).isTrue();
        assertThat(result.compared()).isEqualTo(10);
        assertThat(result.equal()).isEqualTo(10);
        assertThat(result.first()).isEmpty();
    }

    @Test
    void aChangedValueIsAMismatchAtBothOffsets() {
        List<ComparedRecord> source = source(10);
        List<ComparedRecord> target = new ArrayList<>(source.stream().map(r -> copyOf(r, r.offset())).toList());
        ComparedRecord changed = target.get(6);
        target.set(6, new ComparedRecord(6, changed.key(), "other".getBytes(StandardCharsets.UTF_8),
                changed.headers(), changed.timestamp(), changed.origin()));
        PartitionComparison result = compare(source, 10, target, 10, List.of(point(0, 0, false)),
                new ReplicationPosition(0, 10, 10));
        assertThat(result.mismatched()).isEqualTo(1);
        assertThat(result.equal()).isEqualTo(9);
        assertThat(result.firstMismatch()).contains(new Difference(Difference.Kind.MISMATCH, OptionalLong.of(6), 6,
                Optional.of("value")));
    }

    @Test
    void theFirstDifferingFieldIsNamed() {
        ComparedRecord a = record(0, "x");
        Header h = new RecordHeader("trace", new byte[] {1});
        assertThat(a.differingField(new ComparedRecord(0, a.key(), a.value(), List.of(h), a.timestamp(),
                Optional.empty()))).contains("headers");
        assertThat(a.differingField(new ComparedRecord(0, a.key(), a.value(), List.of(), a.timestamp() + 1,
                Optional.empty()))).contains("timestamp");
        assertThat(a.differingField(new ComparedRecord(0, new byte[] {9}, a.value(), List.of(), 0,
                Optional.empty()))).contains("key");
        // No timestamp on the source: the target broker gives one, not a difference.
        ComparedRecord untimed = new ComparedRecord(0, a.key(), a.value(), List.of(), -1, Optional.empty());
        assertThat(untimed.differingField(a)).isEmpty();
    }

    @Test
    void deletedCopiesAreMissingFromTheirSourceOffset() {
        List<ComparedRecord> source = source(10);
        // The replica's first 4 records were deleted (log start 4).
        List<ComparedRecord> target = source.stream().skip(4).map(r -> copyOf(r, r.offset())).toList();
        PartitionComparison result = compare(source, 10, target, 10, List.of(point(0, 0, false)),
                new ReplicationPosition(0, 10, 10));
        assertThat(result.missing()).isEqualTo(4);
        assertThat(result.equal()).isEqualTo(6);
        assertThat(result.firstMissing()).contains(new Difference(Difference.Kind.MISSING, OptionalLong.of(0), 0,
                Optional.empty()));
        assertThat(result.extra()).isZero();
    }

    @Test
    void plantedDuplicatesAndARestartsCopiesAreExtra() {
        List<ComparedRecord> source = source(10);
        List<ComparedRecord> target = new ArrayList<>();
        // 0..5 copied to 0..5, then a restart copied 4..9 again to 6..11; others wrote at 12, then 10 more copies...
        for (int i = 0; i <= 5; i++) {
            target.add(copyOf(source.get(i), i));
        }
        for (int i = 4; i <= 9; i++) {
            target.add(copyOf(source.get(i), i + 2));
        }
        PartitionComparison result = compare(source, 10, target, 12,
                List.of(point(0, 0, false), point(4, 6, false)), new ReplicationPosition(0, 10, 12));
        // The newest copy of 4..9 is compared; the first copies of 4 and 5 (target 4, 5) are extra.
        assertThat(result.equal()).isEqualTo(10);
        assertThat(result.extra()).isEqualTo(2);
        assertThat(result.firstExtra()).contains(new Difference(Difference.Kind.EXTRA, OptionalLong.empty(), 4,
                Optional.empty()));
        assertThat(result.same()).isFalse();
    }

    @Test
    void recordsWrittenOnTheTargetAfterTheLastCopyButBeforeItsEndAreExtra() {
        List<ComparedRecord> source = source(5);
        List<ComparedRecord> target = new ArrayList<>(source.stream().map(r -> copyOf(r, r.offset())).toList());
        target.add(record(5, "planted"));
        target.add(record(6, "planted"));
        PartitionComparison result = compare(source, 5, target, 7, List.of(point(0, 0, false)),
                new ReplicationPosition(0, 5, 5));
        assertThat(result.equal()).isEqualTo(5);
        assertThat(result.extra()).isEqualTo(2);
        assertThat(result.firstExtra().orElseThrow().targetOffset()).isEqualTo(5);
    }

    @Test
    void sourceRecordsNotReplicatedAreCountedNotComparedAndNotTheSame() {
        List<ComparedRecord> source = source(10);
        // Replicated up to source 6 per the store; the target already holds 8 copies (the store lags).
        List<ComparedRecord> target = source.stream().limit(8).map(r -> copyOf(r, r.offset())).toList();
        PartitionComparison result = compare(source, 10, target, 8, List.of(point(0, 0, false)),
                new ReplicationPosition(0, 6, 6));
        assertThat(result.same()).as("not replicated: not proven").isFalse();
        assertThat(result.missing() + result.extra() + result.mismatched()).isZero();
        assertThat(result.compared()).isEqualTo(7); // 0..6: source 6 translates to target 6, below the target's end
        assertThat(result.notReplicated()).isEqualTo(3);
        assertThat(result.extra()).isZero(); // target 7 is past where the first unreplicated record goes
    }

    @Test
    void sourceGapsFollowTheSyncPoints() {
        // Source 0..2, a transaction marker at 3, 4..5; copies at 0..2 and 3..4.
        List<ComparedRecord> source = List.of(record(0, "a"), record(1, "b"), record(2, "c"), record(4, "d"),
                record(5, "e"));
        List<ComparedRecord> target = List.of(copyOf(source.get(0), 0), copyOf(source.get(1), 1),
                copyOf(source.get(2), 2), copyOf(source.get(3), 3), copyOf(source.get(4), 4));
        PartitionComparison result = compare(source, 6, target, 5,
                List.of(point(0, 0, false), point(2, 2, true), point(4, 3, false)), new ReplicationPosition(0, 6, 5));
        assertThat(result.same()).isTrue();
        assertThat(result.equal()).isEqualTo(5);
    }

    @Test
    void recordsFromTheTargetAreSkippedAsTheFlowSkipsThem() {
        List<ComparedRecord> source = new ArrayList<>(source(3));
        source.add(1, new ComparedRecord(1, new byte[0], new byte[0], List.of(), 5, Optional.of("west-id")));
        source.set(2, record(2, "v1"));
        source.set(3, record(3, "v2"));
        List<ComparedRecord> target = List.of(copyOf(source.get(0), 0), copyOf(source.get(2), 1),
                copyOf(source.get(3), 2));
        PartitionComparison result = compare(source, 4, target, 3,
                List.of(point(0, 0, true), point(2, 1, false)), new ReplicationPosition(0, 4, 3));
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.equal()).isEqualTo(3);
        assertThat(result.same()).isTrue();
    }
}
