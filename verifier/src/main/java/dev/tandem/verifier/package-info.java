/**
 * The verifier: canary records that prove replication and checkpoints work, and reports of it.
 */
package dev.tandem.verifier;
