package dev.tandem.replicator;

import dev.tandem.metrics.Health;
import dev.tandem.failures.Failure;
import dev.tandem.failures.FailureClassifier;
import dev.tandem.kafka.ClusterContact;
import dev.tandem.kafka.ContactFailures;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.replicator.copy.AtLeastOnceDelivery;
import dev.tandem.replicator.copy.Delivery;
import dev.tandem.replicator.copy.ExactlyOnceDelivery;
import dev.tandem.replicator.copy.Throttle;
import dev.tandem.replicator.copy.FlowClients;
import dev.tandem.replicator.copy.SourceGapLog;
import dev.tandem.replicator.copy.SourceTopicIds;
import dev.tandem.replicator.copy.FlowSession;
import dev.tandem.replicator.copy.TargetPositions;
import dev.tandem.replicator.copy.TransactionalProducers;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.replicator.offsets.SyncPointSink;
import dev.tandem.replicator.offsets.TopicSyncPointSink;
import dev.tandem.safety.ClusterIds;
import dev.tandem.topics.TopicSelector;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one flow until stopped: a session at a time; after a failure a retry may get past (the
 * target was away longer than the producer retries) a new session resumes from the committed
 * offsets; after any other the flow stops.
 */
final class FlowRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);

    private final Playbook playbook;
    private final Flow flow;
    private final ClusterIds ids;
    private final KafkaClients clients;
    private final SyncPointSink storeSink;
    /** Waits until the store is open (it may still be opening when the flow starts); throws if it cannot be. */
    private final Runnable storeOpen;
    private final ReplicationMetrics metrics;
    private final Clock clock;
    private final ReplicationSettings settings;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The flow's max-bytes-per-second, kept across its sessions (a restart does not refill it). */
    private final Throttle throttle;
    private volatile FlowSession session;
    private volatile ReplicationFailedException fatal;
    /** Whether the flow copies now, or why not: for the readiness endpoint. */
    private volatile Health health = Health.down("starting");
    private final Runnable onFatal;
    private final SourceGapLog gapLog;
    private final LoginWarnings loginWarnings;

    /**
     * @param loginWarnings when a refused login is told, shared by the process's flows
     * @param onFatal       called when this flow stops for good, so that the process does not go on half-working
     */
    FlowRunner(Playbook playbook, Flow flow, ClusterIds ids, KafkaClients clients, SyncPointSink storeSink,
               Runnable storeOpen, ReplicationMetrics metrics, Clock clock, ReplicationSettings settings, LoginWarnings loginWarnings,
               SourceGapLog gapLog, Runnable onFatal) {
        this.gapLog = gapLog;
        this.onFatal = onFatal;
        this.loginWarnings = loginWarnings;
        this.playbook = playbook;
        this.flow = flow;
        this.ids = ids;
        this.clients = clients;
        this.storeSink = storeSink;
        this.storeOpen = storeOpen;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.throttle = Throttle.of(flow.maxBytesPerSecond(), clock);
    }

    @Override
    public void run() {
        while (stopped.getCount() > 0) {
            try (FlowClients flowClients = FlowClients.open(clients, flow, playbook.cluster(flow.source()),
                    playbook.cluster(flow.target()))) {
                TopicSyncPointSink.ensureTopic(flowClients.targetAdmin(), flow.target());
                session = new FlowSession(flow, ids, flowClients, delivery(flowClients),
                        new TopicSelector(flow, playbook.verify().canaryTopic()), storeOpen, metrics, clock, settings,
                        throttle, gapLog);
                if (stopped.getCount() == 0) {
                    return;
                }
                health = Health.up("copying");
                session.run();
            } catch (RuntimeException e) {
                Failure failure = FailureClassifier.ofFlow(e, flow.source() + " ("
                        + playbook.cluster(flow.source()).bootstrap() + ")", FlowClients.groupId(flow));
                // The one decision: ACLs, a safety check or a record the target refuses do not change by themselves.
                if (!failure.retryMayHelp()) {
                    stopFor(failure, e);
                    return;
                }
                metrics.error(ReplicationMetrics.RESTART);
                health = Health.down("restarting in " + settings.restartBackoff().toSeconds() + " s after: " + told(e));
                if (failure instanceof Failure.NotAuthenticated refused) {
                    warnLoginRefused(refused, e);
                } else {
                    LOG.warn("{}; restarting the flow from its committed offsets in {} s (nothing is lost; records since"
                            + " the last commit are copied again)", told(e), settings.restartBackoff().toSeconds());
                }
            }
            awaitStop(settings.restartBackoff().toMillis());
        }
    }

    /**
     * The flow's delivery: exactly-once writes sync points to the target's topic inside each
     * partition's transaction, at-least-once with the flow's producer before each commit.
     */
    private Delivery delivery(FlowClients flowClients) {
        if (flow.delivery() == DeliveryGuarantee.EXACTLY_ONCE) {
            return new ExactlyOnceDelivery(flow, flowClients.consumer(), TargetPositions.of(flowClients.targetAdmin(),
                    flow), SourceTopicIds.of(flowClients.sourceAdmin(), flow),
                    TransactionalProducers.on(clients, playbook.cluster(flow.target())), storeSink, metrics, clock, settings);
        }
        SyncPointSink topicSink = new TopicSyncPointSink(flow, flowClients.producer());
        return AtLeastOnceDelivery.savingInBackground(flow, flowClients.consumer(), flowClients.producer(),
                SyncPointSink.inOrder(storeSink, topicSink), metrics, clock, settings,
                SourceTopicIds.of(flowClients.sourceAdmin(), flow));
    }

    private void stopFor(Failure failure, RuntimeException e) {
        fatal = e instanceof ReplicationFailedException copy ? copy : new ReplicationFailedException("flow "
                + flow.name() + ": " + (failure instanceof Failure.NotAuthorized denied ? denied.describe()
                : e.getMessage()), failure, e);
        health = Health.down("stopped: " + fatal.getMessage());
        LOG.error("{}; the flow stops (progress up to the failure is saved)", fatal.getMessage());
        onFatal.run();
    }

    /** A cluster that refuses our login is told once per cluster per minute ({@link LoginWarnings}). */
    private void warnLoginRefused(Failure.NotAuthenticated refused, RuntimeException e) {
        String told = playbook.clusters().values().stream()
                .filter(c -> refused.cluster().equals(c.alias()) || refused.cluster().equals(ClusterContact.label(c)))
                .findFirst().flatMap(c -> ContactFailures.describe(c, e)).orElseGet(e::getMessage);
        if (!loginWarnings.due(refused.cluster(), clock.instant())) {
            LOG.debug("flow {}: {}; retrying in {} s", flow.name(), told, settings.restartBackoff().toSeconds());
            return;
        }
        LOG.warn("flow {}: {}; retrying every {} s until it accepts (told once a minute; nothing is lost)",
                flow.name(), told, settings.restartBackoff().toSeconds());
    }

    /** A copy's own failures name the flow already. */
    private String told(RuntimeException e) {
        return e instanceof ReplicationFailedException ? e.getMessage() : "flow " + flow.name() + ": " + e.getMessage();
    }

    void stop() {
        stopped.countDown();
        FlowSession current = session;
        if (current != null) {
            current.stop();
        }
    }

    /** The source partitions this process replicates for the flow now (none between sessions). */
    java.util.Set<dev.tandem.client.Partition> ownedPartitions() {
        FlowSession current = session;
        if (current == null) {
            return java.util.Set.of();
        }
        java.util.Set<dev.tandem.client.Partition> owned = new java.util.HashSet<>();
        current.assignedPartitions().forEach(tp -> owned.add(new dev.tandem.client.Partition(tp.topic(), tp.partition())));
        return owned;
    }

    Health health() {
        FlowSession current = session;
        java.util.Optional<String> paused = current == null ? java.util.Optional.empty() : current.paused();
        if (health.up() && paused.isPresent()) {
            return Health.down("paused: " + paused.get() + " (nothing is committed until it does)");
        }
        return health;
    }

    ReplicationFailedException fatal() {
        return fatal;
    }

    private void awaitStop(long millis) {
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
        }
    }

    static List<String> names(List<Flow> flows) {
        return flows.stream().map(Flow::name).toList();
    }
}
