package dev.tandem.it.replication;

import dev.tandem.it.clusters.TwoClusters;
import dev.tandem.it.clusters.TwoClustersExtension;
import dev.tandem.kafka.DefaultKafkaClients;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.store.TandemStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every replication test class shares: the two clusters, Kafka clients, a store of its own. */
@ExtendWith(TwoClustersExtension.class)
abstract class ReplicationTestBase {

    static final KafkaClients CLIENTS = new DefaultKafkaClients("tandem-it");
    static final Path WORK = Path.of(System.getProperty("tandem.it.work", "target/it-work")).toAbsolutePath();
    static TwoClusters clusters;
    static TandemStore store;

    @BeforeAll
    static void openStore(TwoClusters twoClusters) {
        clusters = twoClusters;
        store = RunningReplicator.store(WORK);
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }
}
