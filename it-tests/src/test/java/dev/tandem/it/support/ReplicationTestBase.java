package dev.tandem.it.support;

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
public abstract class ReplicationTestBase {

    protected static final KafkaClients CLIENTS = new DefaultKafkaClients("tandem-it");
    protected static final Path WORK = Path.of(System.getProperty("tandem.it.work", "target/it-work")).toAbsolutePath();
    protected static TwoClusters clusters;
    protected static TandemStore store;
    /** The JDBC URL of {@link #store}, for playbooks that CLI runs read. */
    protected static String storeUrl;

    @BeforeAll
    protected static void openStore(TwoClusters twoClusters) {
        clusters = twoClusters;
        storeUrl = "jdbc:h2:file:" + WORK.resolve("store-" + java.util.UUID.randomUUID());
        store = TandemStore.open(new dev.tandem.playbook.StoreSpec(storeUrl, java.util.Optional.empty(),
                java.util.Optional.empty()));
    }

    @AfterAll
    protected static void closeStore() {
        store.close();
    }
}
