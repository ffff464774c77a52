package dev.tandem.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.failures.ExitCategory;
import dev.tandem.failures.Failure;
import dev.tandem.kafka.ClusterUnreachableException;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.load.PlaybookLoader;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.safety.ClusterIds;
import dev.tandem.safety.RefusedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** A flow's one decision: a failure a retry may get past restarts it, any other stops it for good. */
class FlowRunnerTest {

    private static final Playbook PLAYBOOK = new PlaybookLoader(name -> null, schedule -> java.util.Optional.empty())
            .parse("""
                    clusters:
                      east: { bootstrap: "127.0.0.1:19092" }
                      west: { bootstrap: "127.0.0.1:29092" }
                    flows:
                      - { name: east-to-west, source: east, target: west, topics: { include: ["orders"] } }
                    """, "test.yaml");

    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger fatalCalls = new AtomicInteger();

    @Test
    void aRefusalRaisedInsideAFlowStopsItForGoodAndStaysARefusal() {
        FlowRunner runner = runnerFailingWith(new RefusedException("east and west are one cluster"));

        runner.run();

        assertThat(runner.fatal()).hasMessage("flow east-to-west: east and west are one cluster");
        assertThat(runner.fatal().failure()).isEqualTo(new Failure.Refused());
        assertThat(runner.fatal().failure().exitCategory()).isEqualTo(ExitCategory.REFUSED);
        assertThat(attempts).as("not restarted").hasValue(1);
        assertThat(fatalCalls).hasValue(1);
    }

    @Test
    void aSourceRefusingTheFlowsReadStopsItNamingClusterTopicAndOperation() {
        FlowRunner runner = runnerFailingWith(new TopicAuthorizationException(Set.of("orders")));

        runner.run();

        assertThat(runner.fatal()).hasMessage("flow east-to-west: not authorized to READ topic(s) orders on east"
                + " (127.0.0.1:19092) (grant the replicator's principal READ and DESCRIBE on them)");
        assertThat(runner.fatal().failure()).isInstanceOf(Failure.NotAuthorized.class);
        assertThat(attempts).as("not restarted").hasValue(1);
        assertThat(fatalCalls).hasValue(1);
    }

    @Test
    void aCopysOwnFatalFailureIsTheFlowsFailureAsRaised() {
        ReplicationFailedException tooLarge = new ReplicationFailedException("flow east-to-west: record orders-0 offset"
                + " 1 is larger than west accepts", new Failure.Permanent("west"), new RecordTooLargeException("big"));
        FlowRunner runner = runnerFailingWith(tooLarge);

        runner.run();

        assertThat(runner.fatal()).isSameAs(tooLarge);
    }

    @Test
    void aClusterThatDoesNotAnswerRestartsTheFlow() {
        FlowRunner runner = runnerFailingWith(new ClusterUnreachableException("west", "describe cluster",
                new java.util.concurrent.TimeoutException("no answer")));

        runner.run();

        assertThat(runner.fatal()).isNull();
        assertThat(attempts).as("restarted").hasValue(2);
        assertThat(fatalCalls).hasValue(0);
    }

    @Test
    void credentialsRefusedWhileRunningAreRetriedNotFatal() {
        FlowRunner runner = runnerFailingWith(new SaslAuthenticationException("credentials server away"));

        runner.run();

        assertThat(runner.fatal()).isNull();
        assertThat(attempts).as("restarted").hasValue(2);
    }

    /** A runner whose flow fails at once with {@code failure}, every time; the second attempt also stops it. */
    private FlowRunner runnerFailingWith(RuntimeException failure) {
        FlowRunner[] runner = new FlowRunner[1];
        KafkaClients clients = new KafkaClients() {
            @Override
            public Admin admin(ClusterSpec cluster) {
                if (attempts.incrementAndGet() == 2) {
                    runner[0].stop();
                }
                throw failure;
            }

            @Override
            public Producer<byte[], byte[]> producer(ClusterSpec cluster, Map<String, Object> tuning,
                                                     Map<String, Object> overrides) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Consumer<byte[], byte[]> consumer(ClusterSpec cluster, Map<String, Object> tuning,
                                                     Map<String, Object> overrides) {
                throw new UnsupportedOperationException();
            }
        };
        ReplicationSettings settings = new ReplicationSettings(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(7));
        runner[0] = new FlowRunner(PLAYBOOK, PLAYBOOK.flows().get(0), new ClusterIds("e", "w"), clients,
                (points, progress) -> { }, () -> { }, new ReplicationMetrics(new SimpleMeterRegistry(), "east-to-west",
                Clock.systemUTC()), Clock.systemUTC(), settings, new LoginWarnings(),
                dev.tandem.replicator.copy.SourceGapLog.NONE, fatalCalls::incrementAndGet);
        return runner[0];
    }
}
