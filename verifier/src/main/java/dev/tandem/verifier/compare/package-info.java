/**
 * {@code tandem compare}: a flow's source partitions and their replicas compared record by record
 * (key, value, headers but the provenance header, timestamp), aligned through the stored sync
 * points. {@link dev.tandem.verifier.compare.PartitionComparer} is the pure alignment over two
 * record streams; {@link dev.tandem.verifier.compare.RecordComparison} reads them from Kafka.
 */
package dev.tandem.verifier.compare;
