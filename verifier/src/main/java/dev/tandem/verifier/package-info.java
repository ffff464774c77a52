/**
 * The verifier: canary records that prove replication and checkpoints work, and reports of it.
 * Filled in by the verifier issue; the module exists so that the layout is settled.
 */
package dev.tandem.verifier;
