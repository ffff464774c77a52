package dev.tandem.verifier.compare;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One difference between a source partition and its replica.
 *
 * @param sourceOffset the source record (none for an extra record on the target)
 * @param targetOffset where its copy is or should be
 * @param field        for a mismatch, the first differing field: key, value, headers or timestamp
 */
public record Difference(Kind kind, OptionalLong sourceOffset, long targetOffset, Optional<String> field) {

    public enum Kind {
        /** A source record with no copy where the sync points put it. */
        MISSING,
        /** A record on the target that is the copy of no compared source record (a duplicate, or written by others). */
        EXTRA,
        /** The copy differs from its source record. */
        MISMATCH;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Difference missing(long sourceOffset, long targetOffset) {
        return new Difference(Kind.MISSING, OptionalLong.of(sourceOffset), targetOffset, Optional.empty());
    }

    static Difference extra(long targetOffset) {
        return new Difference(Kind.EXTRA, OptionalLong.empty(), targetOffset, Optional.empty());
    }

    static Difference mismatch(long sourceOffset, long targetOffset, String field) {
        return new Difference(Kind.MISMATCH, OptionalLong.of(sourceOffset), targetOffset, Optional.of(field));
    }

    public String describe() {
        return switch (kind) {
            case MISSING -> "source offset " + sourceOffset.getAsLong() + " has no copy at target offset " + targetOffset;
            case EXTRA -> "target offset " + targetOffset + " is a copy of no compared source record";
            case MISMATCH -> "source offset " + sourceOffset.getAsLong() + " and its copy at target offset "
                    + targetOffset + " differ in " + field.orElseThrow();
        };
    }
}
