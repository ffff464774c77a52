/**
 * The provenance header a replicated record carries (its origin cluster): written by the
 * replicator, which never sends a record home, and read by the comparison, which skips what the
 * replicator skips and leaves the header aside.
 */
package dev.tandem.provenance;
