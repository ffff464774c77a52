package dev.tandem.it.verify;

import dev.tandem.it.clusters.ClusterSecurity;
import dev.tandem.it.clusters.OnClusters;

/** {@link VerifyIT}'s tests marked {@code @AlsoSecured}, on the secured pair over SASL_SSL with SCRAM-SHA-512, as user tandem (ACLs closed by default). */
@OnClusters(ClusterSecurity.SASL_SSL)
class SaslSslVerifyIT extends VerifyIT {
}
