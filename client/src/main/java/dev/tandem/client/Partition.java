package dev.tandem.client;

import java.util.Objects;

/** A topic partition, as a plain value for the pure checkpoint rules (no Kafka client types). */
public record Partition(String topic, int partition) implements Comparable<Partition> {

    public Partition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("negative partition " + partition + " of " + topic);
        }
    }

    @Override
    public int compareTo(Partition other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
