/**
 * The cutover of a flow's consumer groups from a live source to its target ({@code tandem
 * migrate}): preflight, drain (the source is quiet and the replica caught up), record-by-record
 * compare, final checkpoint and move of the groups with the failover machinery, and the report.
 */
package dev.tandem.migration;
