package dev.tandem.playbook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a flow starts copying: the playbook key {@code start}. It applies to what the flow has no
 * progress of; once the flow has progress of a partition, it resumes from that, whatever this says.
 *
 * @param time for {@link Kind#AT_TIME}: the first record written at or after it; empty otherwise
 */
public record FlowStart(Kind kind, Optional<Instant> time) {

    /** How the start is chosen. */
    public enum Kind {
        /** Every partition at its first record (the default). */
        EARLIEST("earliest"),
        /**
         * A new flow (no progress at all) starts each partition the source has then at its end:
         * only records written afterwards are copied. Partitions that appear later are copied whole.
         */
        LATEST("latest"),
        /** Like {@link #LATEST}, from the first record written at or after a time. */
        AT_TIME("<ISO-8601 time>"),
        /**
         * After the last record MirrorMaker 2 copied of each partition into the same replica, read
         * from its Connect offsets topic on the target: a running MirrorMaker 2 deployment taken
         * over without copying again.
         */
        FROM_MIRRORMAKER2("from-mirrormaker2");

        private final String yamlName;

        Kind(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    public static final FlowStart EARLIEST = new FlowStart(Kind.EARLIEST, Optional.empty());
    public static final FlowStart LATEST = new FlowStart(Kind.LATEST, Optional.empty());
    public static final FlowStart FROM_MIRRORMAKER2 = new FlowStart(Kind.FROM_MIRRORMAKER2, Optional.empty());

    public FlowStart {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        if ((kind == Kind.AT_TIME) != time.isPresent()) {
            throw new IllegalArgumentException("a start at a time, and only that, has a time");
        }
    }

    public static FlowStart at(Instant time) {
        return new FlowStart(Kind.AT_TIME, Optional.of(time));
    }

    /** As the playbook writes it. */
    public String yamlName() {
        return time.map(Instant::toString).orElse(kind.yamlName());
    }

    /** What every accepted value looks like, for a message. */
    public static String expected() {
        return "earliest, latest, from-mirrormaker2, or an ISO-8601 time such as 2026-12-01T08:00:00Z";
    }

    /** A playbook's value: a name, or an ISO-8601 time with its offset ({@code Z}, {@code +01:00}). */
    public static Optional<FlowStart> of(String yamlName) {
        Optional<FlowStart> named = Arrays.stream(new FlowStart[] {EARLIEST, LATEST, FROM_MIRRORMAKER2})
                .filter(s -> s.kind.yamlName.equals(yamlName)).findFirst();
        if (named.isPresent()) {
            return named;
        }
        try {
            return Optional.of(at(OffsetDateTime.parse(yamlName).toInstant()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
