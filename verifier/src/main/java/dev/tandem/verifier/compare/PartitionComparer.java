package dev.tandem.verifier.compare;

import dev.tandem.client.Translation;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Compares one source partition with its replica, record by record. Pure: two record streams and
 * the partition's offset translation in, counts and first differences out.
 *
 * <p>The sync points say where the copy of every replicated source record is: the copy of source
 * record S is at the translation of S. Walking the source in order, the target record there is
 * compared with it (equal or mismatch); no record there is a missing copy; target records passed
 * over on the way belong to no compared source record and are extra (duplicates of a restart,
 * records written by others). Both ends were taken when the comparison began, the target's first:
 * a copy on the target then was of a source record on the source then, so the compared range holds
 * every copy of it. Source records beyond what was replicated (per the sync points and the
 * target's end) are counted as not replicated yet, not compared, and so are target records from
 * where the replica of the first of them would go.
 */
public final class PartitionComparer {

    private final String topic;
    private final int partition;
    private final String replica;
    private final String targetClusterId;
    private final LongFunction<Translation> translation;

    private long compared;
    private long equal;
    private long missing;
    private long extra;
    private long mismatched;
    private long skipped;
    private Difference firstMissing;
    private Difference firstExtra;
    private Difference firstMismatch;

    /**
     * @param translation     the target offset of the copy of a source offset (the stored sync points)
     * @param targetClusterId records whose provenance is this cluster are not copied by the flow
     */
    public PartitionComparer(String topic, int partition, String replica, String targetClusterId,
                             LongFunction<Translation> translation) {
        this.topic = topic;
        this.partition = partition;
        this.replica = replica;
        this.targetClusterId = targetClusterId;
        this.translation = translation;
    }

    /**
     * @param source    source records from {@code fromOffset} up to {@code sourceEnd}
     * @param target    target records from the translation of {@code fromOffset} up to {@code targetEnd}
     * @param progress  told after each compared source record, with the count so far
     */
    public PartitionComparison compare(long fromOffset, RecordStream source, long sourceEnd, RecordStream target,
                                       long targetEnd, Runnable progress) {
        long notReplicatedFrom = -1;
        long targetLimit = targetEnd;
        for (ComparedRecord record = source.next(); record != null; record = source.next()) {
            if (record.origin().map(targetClusterId::equals).orElse(false)) {
                skipped++;
                continue;
            }
            Translation t = translation.apply(record.offset());
            if (!(t instanceof Translation.Exact exact) || exact.targetOffset() >= targetEnd) {
                notReplicatedFrom = record.offset();
                targetLimit = Math.min(targetEnd, t instanceof Translation.Exact e ? e.targetOffset()
                        : t instanceof Translation.AheadOfReplication a ? a.targetOffset()
                        : target.peek() == null ? targetEnd : target.peek().offset());
                break;
            }
            long at = exact.targetOffset();
            passOver(target, at);
            compared++;
            ComparedRecord copy = target.peek();
            if (copy != null && copy.offset() == at) {
                target.next();
                Optional<String> field = record.differingField(copy);
                if (field.isEmpty()) {
                    equal++;
                } else {
                    mismatched++;
                    if (firstMismatch == null) {
                        firstMismatch = Difference.mismatch(record.offset(), at, field.get());
                    }
                }
            } else {
                missing++;
                if (firstMissing == null) {
                    firstMissing = Difference.missing(record.offset(), at);
                }
            }
            progress.run();
        }
        passOver(target, targetLimit);
        return new PartitionComparison(topic, partition, replica, fromOffset, compared, equal, missing, extra,
                mismatched, skipped, notReplicatedFrom < 0 ? 0 : sourceEnd - notReplicatedFrom,
                Optional.ofNullable(firstMissing), Optional.ofNullable(firstExtra), Optional.ofNullable(firstMismatch));
    }

    /** Target records before {@code offset} not taken as a copy: extra. */
    private void passOver(RecordStream target, long offset) {
        while (target.peek() != null && target.peek().offset() < offset) {
            ComparedRecord record = target.next();
            extra++;
            if (firstExtra == null) {
                firstExtra = Difference.extra(record.offset());
            }
        }
    }
}
