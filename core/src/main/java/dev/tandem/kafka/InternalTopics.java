package dev.tandem.kafka;

/** Names of topics that are never replicated: Kafka's own ({@code __*}) and Tandem's ({@code __tandem.*}). */
public final class InternalTopics {

    /** Prefix of Tandem's internal topics; they start with __ so that every tool treats them as internal. */
    public static final String TANDEM_PREFIX = "__tandem.";
    /** Compacted topic on each target cluster with the sync points of every flow into it. */
    public static final String SYNC_POINTS = TANDEM_PREFIX + "sync-points";
    /** Compacted topic on each target cluster with the latest checkpoint of every flow, group and partition. */
    public static final String CHECKPOINTS = dev.tandem.client.CheckpointRecordFormat.TOPIC;

    private InternalTopics() {
    }

    public static boolean isInternal(String topic) {
        return topic.startsWith("__");
    }
}
