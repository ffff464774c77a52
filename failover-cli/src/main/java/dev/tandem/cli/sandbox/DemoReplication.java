package dev.tandem.cli.sandbox;

import dev.tandem.client.Checkpoint;
import dev.tandem.client.CheckpointKind;
import dev.tandem.cli.checkpoints.CheckpointListing;
import dev.tandem.failover.CheckpointOrigin;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.Replicator;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.TandemStore;
import dev.tandem.time.Polling;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The demo's replication step: runs the first flow until the demo topic is on the target and the
 * demo group's checkpoint is there, then shows the checkpoint.
 */
final class DemoReplication {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final KafkaClients clients;
    private final Playbook playbook;
    private final PrintWriter out;
    private final Clock clock;

    DemoReplication(KafkaClients clients, Playbook playbook, PrintWriter out, Clock clock) {
        this.clients = clients;
        this.playbook = playbook;
        this.out = out;
        this.clock = clock;
    }

    /** A step of the demo that needs the replicator running. */
    interface WhileReplicating {
        void run(TandemStore store) throws InterruptedException;
    }

    void run(String topic, long records, long groupOffset, WhileReplicating next) throws InterruptedException {
        Flow flow = playbook.flows().get(0);
        String replica = flow.targetTopic(topic);
        try (TandemStore store = TandemStore.open(playbook.store());
             Replicator replicator = new Replicator(playbook, List.of(flow), clients, store,
                     new SimpleMeterRegistry(), clock, ReplicationSettings.defaults())) {
            CheckpointRepository checkpoints = new CheckpointRepository(store.jdbi());
            replicator.start();
            long copied = awaitUntil(() -> copies(flow, replica), n -> n >= records);
            out.printf("flow %s copied %s on %s to %s on %s: %d of %d records%n", flow.name(), topic, flow.source(),
                    replica, flow.target(), copied, records);
            out.printf("waiting for the checkpoint of group %s (checkpoint-interval %d s) ...%n", DemoTraffic.GROUP,
                    flow.checkpointInterval().toSeconds());
            out.flush();
            List<Checkpoint> latest = awaitUntil(() -> checkpoints.latest(flow.name(), Optional.of(DemoTraffic.GROUP)),
                    list -> list.stream().anyMatch(c -> c.partition() == 0 && c.sourceOffset() == groupOffset
                            && c.kind() == CheckpointKind.EXACT));
            showCheckpoints(flow, latest);
            next.run(store);
        }
        out.flush();
    }

    private void showCheckpoints(Flow flow, List<Checkpoint> latest) {
        latest.stream().filter(c -> c.partition() == 0).findFirst().ifPresent(c -> out.printf(
                "group %s committed offset %d on %s; on %s it resumes at %s-%d offset %s (%s)%n", c.group(),
                c.sourceOffset(), flow.source(), flow.target(), c.targetTopic(), c.partition(),
                c.targetOffset().isPresent() ? String.valueOf(c.targetOffset().getAsLong()) : "-", c.kind().wireName()));
        out.println("tandem checkpoints --flow " + flow.name() + " --group " + DemoTraffic.GROUP + ":");
        new CheckpointListing(flow, CheckpointOrigin.STORE, Optional.of(DemoTraffic.GROUP), latest, clock.instant()).printText(out);
        out.flush();
    }

    private long copies(Flow flow, String replica) {
        try (Admin target = clients.admin(playbook.cluster(flow.target()))) {
            return TopicOffsets.endOffsetSum(target, flow.target(), replica);
        }
    }

    /** Polls {@code value} until {@code done} accepts it or {@link #LIMIT} passes; returns the last value. */
    private <T> T awaitUntil(Supplier<T> value, Predicate<T> done) throws InterruptedException {
        return Polling.until(clock, LIMIT, Duration.ofMillis(200), value, done);
    }
}
