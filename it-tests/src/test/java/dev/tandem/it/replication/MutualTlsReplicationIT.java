package dev.tandem.it.replication;

import dev.tandem.it.clusters.ClusterSecurity;
import dev.tandem.it.clusters.OnClusters;

/** {@link ReplicationIT}'s tests marked {@code @AlsoSecured}, on the secured pair over mutual TLS, as the client certificate CN=tandem (ACLs closed by default). */
@OnClusters(ClusterSecurity.MTLS)
class MutualTlsReplicationIT extends ReplicationIT {
}
