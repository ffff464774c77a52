package dev.tandem.it.compare;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer interceptor for the replicator's target producer that changes the value of every
 * record keyed {@link #KEY} on its way to the target: a copy that really differs from its source.
 */
public final class TamperingInterceptor implements ProducerInterceptor<byte[], byte[]> {

    public static final String KEY = "tamper-me";
    static final byte[] KEY_BYTES = KEY.getBytes(StandardCharsets.UTF_8);

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
        if (!Arrays.equals(KEY_BYTES, record.key())) {
            return record;
        }
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
                "tampered".getBytes(StandardCharsets.UTF_8), record.headers());
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
