package dev.tandem.it.clusters;

/**
 * How the tests' Tandem reaches a pair of clusters. Plaintext is the default pair; the two secured
 * ways share one secured pair (both listeners on each broker), started once per run when a test
 * class asks for it with {@link OnClusters}.
 */
public enum ClusterSecurity {
    /** The default pair: no authentication, ACLs open where a resource has none. */
    PLAINTEXT,
    /** The secured pair's client port: SASL_SSL with SCRAM-SHA-512, as user tandem. */
    SASL_SSL,
    /** The secured pair's mutual TLS port: a client certificate CN=tandem. */
    MTLS
}
