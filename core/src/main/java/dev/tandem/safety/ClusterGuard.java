package dev.tandem.safety;

import dev.tandem.kafka.ClusterContact;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.safety.RefusedException;

/**
 * Before anything is copied: both clusters answer (within the bounded admin timeout, or the
 * flow fails naming the cluster and its bootstrap, see {@link ClusterContact}), and they are two different clusters. Two
 * aliases that reach one cluster would replicate its topics into themselves forever.
 */
public final class ClusterGuard {

    private final KafkaClients clients;

    public ClusterGuard(KafkaClients clients) {
        this.clients = clients;
    }

    public ClusterIds check(Playbook playbook, Flow flow) {
        ClusterSpec source = playbook.cluster(flow.source());
        ClusterSpec target = playbook.cluster(flow.target());
        String sourceId = clusterId(source);
        String targetId = clusterId(target);
        if (sourceId.equals(targetId)) {
            throw new RefusedException("flow " + flow.name() + ": source " + source.alias() + " (" + source.bootstrap()
                    + ") and target " + target.alias() + " (" + target.bootstrap() + ") are the same Kafka cluster (ID "
                    + sourceId + "); replicating would copy its topics into themselves forever");
        }
        return new ClusterIds(sourceId, targetId);
    }

    private String clusterId(ClusterSpec cluster) {
        return ClusterContact.clusterId(clients, cluster);
    }
}
