package dev.tandem.chaos.workload;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A workload record: its partition's sequence number in the value (8 bytes, then padding to
 * {@link #SIZE}) and a key unique to it ("p3-1207"), so that compaction keeps every record.
 */
public final class Sequenced {

    public static final int SIZE = 100;

    private Sequenced() {
    }

    public static byte[] key(int partition, long seq) {
        return ("p" + partition + "-" + seq).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(long seq) {
        return ByteBuffer.allocate(SIZE).putLong(seq).array();
    }

    /** The sequence number of a workload record's value; -1 for a value that is not one. */
    public static long seq(byte[] value) {
        return value == null || value.length < Long.BYTES ? -1 : ByteBuffer.wrap(value).getLong();
    }
}
