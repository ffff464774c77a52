package dev.tandem.provenance;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The provenance header every replicated record carries: {@code tandem.origin}, the ID of the
 * cluster the record was first produced on. A record is never sent to its origin cluster, so
 * two flows in opposite directions cannot loop, whatever their naming.
 */
public final class Provenance {

    public static final String HEADER = "tandem.origin";

    private Provenance() {
    }

    /** The origin cluster recorded in these headers, if a Tandem replicator copied the record before. */
    public static Optional<String> origin(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** Whether copying a record with these headers to {@code targetClusterId} would send it home. */
    public static boolean wouldLoop(Headers headers, String targetClusterId) {
        return origin(headers).map(targetClusterId::equals).orElse(false);
    }

    /** The header that marks records first produced on this cluster (immutable, shared by every copy). */
    public static Header headerFor(String clusterId) {
        return new org.apache.kafka.common.header.internals.RecordHeader(HEADER, clusterId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The headers for the copy of a consumed record: its own, with {@code originHeader} added unless it has an origin
     * already. They are the consumed record's headers, changed in place (a copier hands them to the copy's
     * {@code ProducerRecord}, which copies them, and reads nothing from them after: one copy per record, not two).
     */
    public static Headers markCopy(Headers consumed, Header originHeader) {
        if (consumed.lastHeader(HEADER) == null) {
            consumed.add(originHeader);
        }
        return consumed;
    }
}
