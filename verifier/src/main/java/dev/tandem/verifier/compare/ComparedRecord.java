package dev.tandem.verifier.compare;

import dev.tandem.provenance.Provenance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What is compared of one record: its offset in its own partition, key, value, headers (the
 * provenance header aside: the copy adds it) and timestamp, and the provenance origin if any.
 */
public record ComparedRecord(long offset, byte[] key, byte[] value, List<Header> headers, long timestamp,
                             Optional<String> origin) {

    public static ComparedRecord of(ConsumerRecord<byte[], byte[]> record) {
        Header[] all = record.headers().toArray();
        List<Header> headers = List.of();
        String origin = null;
        for (int i = 0; i < all.length; i++) {
            if (Provenance.HEADER.equals(all[i].key())) {
                origin = all[i].value() == null ? origin : new String(all[i].value(), StandardCharsets.UTF_8);
            } else {
                if (headers.isEmpty()) {
                    headers = new ArrayList<>(all.length);
                }
                headers.add(all[i]);
            }
        }
        return new ComparedRecord(record.offset(), record.key(), record.value(), headers, record.timestamp(),
                Optional.ofNullable(origin));
    }

    /** The first field in which {@code copy} differs from this record, if any: key, value, headers, timestamp. */
    public Optional<String> differingField(ComparedRecord copy) {
        if (!Arrays.equals(key, copy.key)) {
            return Optional.of("key");
        }
        if (!Arrays.equals(value, copy.value)) {
            return Optional.of("value");
        }
        if (!sameHeaders(headers, copy.headers)) {
            return Optional.of("headers");
        }
        // A record without a timestamp (-1) is given one by the target broker.
        if (timestamp >= 0 && timestamp != copy.timestamp) {
            return Optional.of("timestamp");
        }
        return Optional.empty();
    }

    private static boolean sameHeaders(List<Header> a, List<Header> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).key().equals(b.get(i).key()) || !Arrays.equals(a.get(i).value(), b.get(i).value())) {
                return false;
            }
        }
        return true;
    }
}
