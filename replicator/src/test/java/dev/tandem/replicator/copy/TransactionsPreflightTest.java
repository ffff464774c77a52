package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.failures.ExitCategory;
import dev.tandem.failures.Failure;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.NameFilter;
import dev.tandem.playbook.Naming;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.StoreSpec;
import dev.tandem.replicator.ReplicationFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The start-up check of an exactly-once flow's target, on a mock producer: what each refusal says. */
class TransactionsPreflightTest {

    private static final Flow FLOW = new Flow("payments", "east", "west", NameFilter.all(), Naming.PREFIX,
            NameFilter.all(), OptionalInt.empty(), Duration.ofSeconds(30), Duration.ofSeconds(5), false,
            DeliveryGuarantee.EXACTLY_ONCE, Optional.empty());
    private static final Playbook PLAYBOOK;

    static {
        Map<String, ClusterSpec> clusters = new LinkedHashMap<>();
        clusters.put("east", new ClusterSpec("east", "127.0.0.1:19092", Map.of()));
        clusters.put("west", new ClusterSpec("west", "127.0.0.1:29092", Map.of()));
        PLAYBOOK = new Playbook(clusters, StoreSpec.defaultStore(), List.of(FLOW));
    }

    private final List<Map<String, Object>> asked = new ArrayList<>();
    private final List<MockProducer<byte[], byte[]>> made = new ArrayList<>();

    private KafkaClients initFailingWith(RuntimeException e) {
        return new KafkaClients() {
            @Override
            public Admin admin(ClusterSpec cluster) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Producer<byte[], byte[]> producer(ClusterSpec cluster, Map<String, Object> tuning,
                                                     Map<String, Object> overrides) {
                asked.add(overrides);
                MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                        new ByteArraySerializer());
                producer.initTransactionException = e;
                made.add(producer);
                return producer;
            }

            @Override
            public Consumer<byte[], byte[]> consumer(ClusterSpec cluster, Map<String, Object> tuning,
                                                     Map<String, Object> overrides) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void aCoordinatorThatDoesNotAnswerIsRefusedAtStartNamingTheSettingsToCheck() {
        KafkaClients clients = initFailingWith(new TimeoutException("Timeout expired after 30000ms while awaiting"
                + " InitProducerId"));

        assertThatThrownBy(() -> TransactionsPreflight.check(PLAYBOOK, FLOW, clients))
                .isInstanceOf(ClusterUnreachableException.class)
                .hasMessageContaining("west (127.0.0.1:29092)")
                .hasMessageContaining("transactional id tandem.payments:preflight")
                .hasMessageContaining("no transaction coordinator answered within 30 s")
                .hasMessageContaining("transaction.state.log.replication.factor and transaction.state.log.min.isr");
        assertThat(asked).singleElement().satisfies(config -> assertThat(config)
                .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tandem.payments:preflight")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000));
        assertThat(made).singleElement().satisfies(p -> assertThat(p.closed()).isTrue());
    }

    @Test
    void anAclRefusalIsRefusedAtStartSayingWhatToGrant() {
        KafkaClients clients = initFailingWith(new TransactionalIdAuthorizationException("Transactional Id"
                + " authorization failed."));

        assertThatThrownBy(() -> TransactionsPreflight.check(PLAYBOOK, FLOW, clients))
                .isInstanceOfSatisfying(ReplicationFailedException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("flow payments: not authorized to WRITE transactional id"
                            + " tandem.payments:preflight on west (127.0.0.1:29092) (exactly-once delivery: grant the"
                            + " replicator's principal WRITE and DESCRIBE on TRANSACTIONAL_ID with the prefix"
                            + " tandem.payments:)");
                    assertThat(e.failure()).isInstanceOf(Failure.NotAuthorized.class);
                    assertThat(e.failure().exitCategory()).isEqualTo(ExitCategory.UNREACHABLE);
                });
        assertThat(made).singleElement().satisfies(p -> assertThat(p.closed()).isTrue());
    }
}
