package dev.tandem.replicator.copy;

import dev.tandem.failures.FailureClassifier;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.replicator.ReplicationFailedException;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Before an exactly-once flow copies anything: its target must allow this process transactions.
 * One producer with a transactional id of the flow's ({@code tandem.<flow>.preflight}, under the
 * prefix every partition's id has) initializes transactions; a refusal by ACLs or a target whose
 * transaction coordinator does not answer ends the start with one line saying what to grant or set.
 */
public final class TransactionsPreflight {

    private TransactionsPreflight() {
    }

    public static void check(Playbook playbook, Flow flow, KafkaClients clients) {
        ClusterSpec target = playbook.cluster(flow.target());
        String where = flow.target() + " (" + target.bootstrap() + ")";
        String id = TransactionalProducers.prefix(flow) + "preflight";
        Producer<byte[], byte[]> producer = TransactionalProducers.on(clients, target).open(id);
        try {
            producer.initTransactions();
        } catch (AuthorizationException e) {
            throw new ReplicationFailedException("flow " + flow.name() + ": not authorized to WRITE transactional id "
                    + id + " on " + where + " (exactly-once delivery: grant the replicator's principal WRITE and DESCRIBE"
                    + " on TRANSACTIONAL_ID with the prefix " + TransactionalProducers.prefix(flow) + ")",
                    FailureClassifier.ofWrite(where, id, e), e);
        } catch (TimeoutException e) {
            throw new ClusterUnreachableException(where, "flow " + flow.name() + ": initialize transactions (transactional"
                    + " id " + id + ")", new TimeoutException("no transaction coordinator answered within "
                    + TransactionalProducers.MAX_BLOCK.toSeconds() + " s (exactly-once delivery needs transactions on the"
                    + " target: check transaction.state.log.replication.factor and transaction.state.log.min.isr against"
                    + " its brokers)"));
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
