package dev.tandem.cli.sandbox;

import dev.tandem.kafka.KafkaClients;
import dev.tandem.kafka.TopicOffsets;
import dev.tandem.offsets.OffsetTranslator;
import dev.tandem.offsets.ReplicationPosition;
import dev.tandem.offsets.SyncPoint;
import dev.tandem.offsets.Translation;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.replicator.ReplicationSettings;
import dev.tandem.replicator.Replicator;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.TandemStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** The demo's replication step: runs the first flow until the demo topic is on the target, then translates an offset. */
final class DemoReplication {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final KafkaClients clients;
    private final Playbook playbook;
    private final PrintWriter out;

    DemoReplication(KafkaClients clients, Playbook playbook, PrintWriter out) {
        this.clients = clients;
        this.playbook = playbook;
        this.out = out;
    }

    void run(String topic, long records) throws InterruptedException {
        Flow flow = playbook.flows().get(0);
        String replica = flow.targetTopic(topic);
        try (TandemStore store = TandemStore.open(playbook.store())) {
            SyncPointRepository syncPoints = new SyncPointRepository(store.jdbi());
            Replicator replicator = new Replicator(playbook, List.of(flow), clients, store,
                    new SimpleMeterRegistry(), Clock.systemUTC(), ReplicationSettings.defaults());
            replicator.start();
            try {
                long copied = awaitCopies(flow, replica, records);
                out.printf("flow %s copied %s on %s to %s on %s: %d of %d records%n", flow.name(), topic, flow.source(),
                        replica, flow.target(), copied, records);
            } finally {
                replicator.stop();
                replicator.awaitTermination(Duration.ofSeconds(20));
            }
            explainTranslation(flow, topic, syncPoints);
        }
        out.flush();
    }

    private long awaitCopies(Flow flow, String replica, long records) throws InterruptedException {
        Instant deadline = Instant.now().plus(LIMIT);
        CountDownLatch never = new CountDownLatch(1);
        try (Admin target = clients.admin(playbook.cluster(flow.target()))) {
            long copied = 0;
            while (copied < records && Instant.now().isBefore(deadline)) {
                never.await(200, TimeUnit.MILLISECONDS);
                copied = TopicOffsets.endOffsetSum(target, flow.target(), replica);
            }
            return copied;
        }
    }

    private static String describe(Translation translation) {
        if (translation instanceof Translation.Exact exact) {
            return "target offset " + exact.targetOffset() + " (exact)";
        } else if (translation instanceof Translation.AheadOfReplication ahead) {
            return "target offset " + ahead.targetOffset() + ", " + ahead.recordsNotYetReplicated()
                    + " records it read are not on the target yet";
        }
        return "no known position (no sync point)";
    }

    private void explainTranslation(Flow flow, String topic, SyncPointRepository syncPoints) {
        List<SyncPoint> points = syncPoints.load(flow.name(), topic, 0);
        ReplicationPosition position = syncPoints.position(flow.name(), topic, 0).orElse(ReplicationPosition.unknown());
        long committed = Math.max(0, position.nextSourceOffset() / 2);
        Translation translation = new OffsetTranslator(points, position).translate(committed);
        out.printf("%d sync points stored for %s-0; a consumer group that committed offset %d there resumes on %s at %s%n",
                points.size(), topic, committed, flow.target(), describe(translation));
    }
}
