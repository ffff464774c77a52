package dev.tandem.verifier.compare;

import dev.tandem.offsets.ReplicationPosition;
import org.apache.kafka.common.TopicPartition;

/**
 * One source partition to compare with its replica: where the comparison starts, the ends both
 * sides had when it began, and how far the flow had replicated the partition.
 */
record PartitionTask(TopicPartition partition, String replica, long start, long sourceEnd, long targetEnd,
                     ReplicationPosition position) {
}
