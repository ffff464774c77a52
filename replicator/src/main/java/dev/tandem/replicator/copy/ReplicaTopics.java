package dev.tandem.replicator.copy;

/** The replica topics on the target, as the copy loop needs them ({@code TopicMirror} in production). */
@FunctionalInterface
public interface ReplicaTopics {

    /** Makes sure the replica has {@code partition} before a copy is written to it. */
    void ensurePartition(String sourceTopic, String replica, int partition);
}
