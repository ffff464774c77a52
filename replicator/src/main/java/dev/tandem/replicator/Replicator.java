package dev.tandem.replicator;

import dev.tandem.metrics.Health;
import dev.tandem.kafka.KafkaClients;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.Playbook;
import dev.tandem.replicator.checkpoints.CheckpointClients;
import dev.tandem.acls.AclSynchronizer;
import dev.tandem.replicator.acls.AclSyncTask;
import dev.tandem.replicator.checkpoints.Checkpointer;
import dev.tandem.store.SyncedAclRepository;
import dev.tandem.replicator.copy.TransactionsPreflight;
import dev.tandem.replicator.metrics.CheckpointMetrics;
import dev.tandem.replicator.metrics.FlowProgress;
import dev.tandem.replicator.metrics.ReplicationMetrics;
import dev.tandem.replicator.offsets.StoreSyncPointSink;
import dev.tandem.replicator.start.FirstStart;
import dev.tandem.replicator.start.MirrorMaker2Takeover;
import dev.tandem.safety.ClusterGuard;
import dev.tandem.safety.ClusterIds;
import dev.tandem.store.CheckpointRepository;
import dev.tandem.store.OpeningStore;
import dev.tandem.store.SyncPointRepository;
import dev.tandem.store.TandemStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates a playbook's flows in this process, one thread per flow. {@link #start()} checks
 * every flow first (both clusters answer; they are two clusters) and throws if one is not fit;
 * {@link #stop()} is idempotent and makes every flow save its progress; {@link #awaitTermination}
 * blocks until all flows ended and returns the first fatal failure, if any; {@link #close()} stops,
 * waits a bounded time and closes what the replicator owns even when a flow did not end by then.
 * When one flow fails for good, every flow stops: a process that replicates only some of its flows
 * would hide it. Besides the flows' threads, one scheduler thread per flow runs its checkpointer,
 * its ACL sync (with {@code sync-acls}) and prunes its old sync points from the store hourly.
 */
public final class Replicator implements AutoCloseable {

    /** How long {@link #close()} waits for the flows to save their progress. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);
    /** The first pruning, a minute after the start: not while the store is still opening or the flows start. */
    private static final Duration PRUNE_DELAY = Duration.ofMinutes(1);
    /** How often a wait for the store looks whether the replicator was stopped meanwhile. */
    private static final Duration STORE_WAIT = Duration.ofMillis(100);


    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);

    private final LoginWarnings loginWarnings = new LoginWarnings();
    private final Playbook playbook;
    private final List<Flow> flows;
    private final KafkaClients clients;
    private final SyncPointRepository syncPoints;
    private final CheckpointRepository checkpoints;
    private final SyncedAclRepository syncedAcls;
    private final dev.tandem.store.SourceGapRepository sourceGaps;
    private final MeterRegistry registry;
    private final Clock clock;
    private final ReplicationSettings settings;
    // Read without the lock by stop() and the health checks, which must answer while start() waits for the store.
    private final List<FlowRunner> runners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ReplicationMetrics> metrics = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean stopping;
    private final List<CheckpointClients> checkpointClients = new ArrayList<>();
    private final ScheduledExecutorService checkpointing;
    private final OpeningStore store;

    public Replicator(Playbook playbook, List<Flow> flows, KafkaClients clients, TandemStore store,
                      MeterRegistry registry, Clock clock, ReplicationSettings settings) {
        this(playbook, flows, clients, OpeningStore.of(store), registry, clock, settings);
    }

    /**
     * A replicator over a store that may still be opening: its flows check their clusters, create their
     * replicas and join their groups meanwhile, and take their first partitions once it is open (nothing
     * is copied before: a store that cannot be opened leaves nothing copied that is not committed).
     */
    public Replicator(Playbook playbook, List<Flow> flows, KafkaClients clients, OpeningStore store,
                      MeterRegistry registry, Clock clock, ReplicationSettings settings) {
        this.store = store;
        this.playbook = playbook;
        this.flows = List.copyOf(flows);
        this.clients = clients;
        this.syncPoints = new SyncPointRepository(store.jdbi());
        this.checkpoints = new CheckpointRepository(store.jdbi());
        this.syncedAcls = new SyncedAclRepository(store.jdbi());
        this.sourceGaps = new dev.tandem.store.SourceGapRepository(store.jdbi());
        this.registry = registry;
        this.clock = clock;
        this.settings = settings;
        // One thread per flow: a flow whose source is away must not make the other flows' checkpoints age.
        this.checkpointing = Executors.newScheduledThreadPool(Math.max(1, this.flows.size()), runnable -> {
            // A daemon: a checkpoint cycle in progress never keeps the process from exiting.
            Thread thread = new Thread(runnable, "tandem-checkpointer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * What must hold before any flow copies, checked of the clusters only (no store needed, so a caller
     * may open its store meanwhile): every flow's source and target answer and are two clusters, and
     * the target of an exactly-once flow allows this process transactions. A flow that starts from
     * MirrorMaker 2 takes over from it here, before anything copies ({@link MirrorMaker2Takeover}),
     * and a new flow that starts at the end or at a time gets its start positions ({@link FirstStart}).
     */
    public record Preflight(List<ClusterIds> ids) {
        public Preflight {
            ids = List.copyOf(ids);
        }
    }

    /** Checks {@code flows} before {@link #start(Preflight)}: throws naming what is wrong and where. */
    public static Preflight preflight(Playbook playbook, List<Flow> flows, KafkaClients clients) {
        ClusterGuard guard = new ClusterGuard(clients);
        List<ClusterIds> ids = flows.stream().map(flow -> guard.check(playbook, flow)).toList();
        flows.stream().filter(flow -> flow.delivery() == DeliveryGuarantee.EXACTLY_ONCE)
                .forEach(flow -> TransactionsPreflight.check(playbook, flow, clients));
        flows.stream().filter(flow -> flow.syncAcls().enabled()).forEach(flow -> checkAcls(playbook, flow, clients));
        for (Flow flow : flows) {
            switch (flow.start().kind()) {
                case FROM_MIRRORMAKER2 -> MirrorMaker2Takeover.takeOver(playbook, flow, clients, Clock.systemUTC());
                case LATEST, AT_TIME -> FirstStart.prepare(playbook, flow, clients);
                case EARLIEST -> { }
            }
        }
        return new Preflight(ids);
    }

    /** ACL sync reads the ACLs of both clusters: both must have an authorizer and let Tandem describe them. */
    private static void checkAcls(Playbook playbook, Flow flow, KafkaClients clients) {
        for (String cluster : List.of(flow.source(), flow.target())) {
            try (org.apache.kafka.clients.admin.Admin admin = clients.admin(playbook.cluster(cluster))) {
                new dev.tandem.acls.ClusterAcls(admin, cluster).list();
            }
        }
    }

    /** Checks the flows ({@link #preflight}), then starts them. */
    public synchronized void start() {
        start(preflight(playbook, flows, clients));
    }

    /** Starts the flows, checked by {@link #preflight} with this replicator's playbook, flows and clients. */
    public synchronized void start(Preflight checked) {
        if (!runners.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        if (checked.ids().size() != flows.size()) {
            throw new IllegalArgumentException("a preflight of " + checked.ids().size() + " flows for " + flows.size());
        }
        List<ClusterIds> ids = checked.ids();
        for (int i = 0; i < flows.size(); i++) {
            Flow flow = flows.get(i);
            ReplicationMetrics flowMetrics = new ReplicationMetrics(registry, flow.name(), clock);
            metrics.add(flowMetrics);
            StoreSyncPointSink storeSink = new StoreSyncPointSink(flow, syncPoints, clock);
            runners.add(new FlowRunner(playbook, flow, ids.get(i), clients, storeSink, this::awaitStore, flowMetrics,
                    clock, settings, loginWarnings, storeGapLog(flow), this::stop));
            schedulePruning(storeSink);
        }
        // The first ACL sync before anything is copied (the target has the source's DENY entries first); it needs
        // the store, so such a flow waits for it here.
        try {
            for (Flow flow : flows) {
                if (flow.syncAcls().enabled()) {
                    if (!storeOpenUnlessStopped()) {
                        return; // stopped meanwhile
                    }
                    scheduleAclSync(flow);
                }
            }
        } catch (RuntimeException e) {
            checkpointing.shutdownNow();
            throw e;
        }
        for (int i = 0; i < runners.size(); i++) {
            Thread thread = new Thread(runners.get(i), "tandem-flow-" + flows.get(i).name());
            threads.add(thread);
            thread.start();
        }
        // While the flows set up and join their groups: their first checkpoint is an interval away, and
        // these clients (the checkpoint topic checked or created) took ~0.2 s before the first copy.
        try {
            for (int i = 0; i < flows.size(); i++) {
                scheduleCheckpoints(flows.get(i), runners.get(i));
            }
        } catch (RuntimeException e) {
            if (stopping) {
                return; // stopped meanwhile: the scheduler refused what came after
            }
            stop(); // the flows save what they copied meanwhile; the caller's close() waits for them
            checkpointing.shutdownNow();
            closeCheckpointClients();
            throw e;
        }
        LOG.info("replicating flows {}", FlowRunner.names(flows));
    }

    /**
     * A flow's wait for the store before it takes partitions. A store that cannot be opened stops every flow
     * without a word: whoever opened it tells why (the start fails with it, {@link OpeningStore#awaitOpen()}),
     * and nothing was copied.
     */
    private void awaitStore() {
        boolean open;
        try {
            open = storeOpenUnlessStopped();
        } catch (RuntimeException notOpened) {
            stop();
            throw new org.apache.kafka.common.errors.WakeupException(); // the flow's session ends as on a stop
        }
        if (!open) {
            throw new org.apache.kafka.common.errors.WakeupException(); // stopped while waiting
        }
    }

    /** Waits until the store is open: true; false if {@link #stop()} came first; throws what opening it threw. */
    private boolean storeOpenUnlessStopped() {
        while (!stopping && !Thread.currentThread().isInterrupted()) {
            if (store.awaitOpen(STORE_WAIT)) {
                return true;
            }
        }
        return false;
    }

    private void scheduleCheckpoints(Flow flow, FlowRunner runner) {
        CheckpointClients kafka = CheckpointClients.open(clients, playbook, flow);
        checkpointClients.add(kafka);
        Checkpointer checkpointer = new Checkpointer(flow, runner::ownedPartitions, kafka, syncPoints,
                checkpoints, new CheckpointMetrics(registry, flow.name(), clock,
                        playbook.failover().maxCheckpointAge()), clock,
                settings.checkpointConfirm(), settings.checkpointRetention());
        long interval = flow.checkpointInterval().toMillis();
        checkpointing.scheduleWithFixedDelay(checkpointer::runScheduled, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** The flow's first ACL sync now (a failure stops the start), then one every topic-refresh. */
    private void scheduleAclSync(Flow flow) {
        AclSyncTask task = new AclSyncTask(flow, new AclSynchronizer(playbook, clients, syncedAcls, clock));
        task.runFirst();
        long interval = flow.topicRefresh().toMillis();
        checkpointing.scheduleWithFixedDelay(task::runScheduled, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** A flow's source gaps into the store's {@code source_gaps}, for {@code tandem verify}; returns the records new there. */
    private dev.tandem.replicator.copy.SourceGapLog storeGapLog(Flow flow) {
        return (tp, from, to) -> sourceGaps.save(new dev.tandem.store.SourceGapRepository.Gap(flow.name(), tp.topic(),
                tp.partition(), from, to, clock.instant()));
    }

    /** The store's sync points older than the retention go, hourly (the target's topic prunes itself: retention.ms). */
    private void schedulePruning(StoreSyncPointSink storeSink) {
        checkpointing.scheduleWithFixedDelay(() -> {
            try {
                storeSink.prune(clock.instant().minus(settings.syncPointRetention()));
            } catch (RuntimeException e) {
                LOG.warn("pruning old sync points failed ({}); tried again in an hour", e.getMessage());
            }
        }, PRUNE_DELAY.toMillis(), PRUNE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Each flow's progress (thread-safe); empty before {@link #start()}. */
    public List<FlowProgress> progress() {
        List<FlowProgress> progress = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            progress.add(metrics.get(i).progress(flows.get(i).maxBytesPerSecond()));
        }
        return progress;
    }

    /** A terminal shows the flows' progress while they catch up: their INFO summaries keep quiet meanwhile. */
    public void showProgressOnTerminal() {
        metrics.forEach(ReplicationMetrics::showProgressOnTerminal);
    }

    /** Thread-safe, idempotent, returns at once (also while {@link #start} waits for the store). */
    public void stop() {
        stopping = true;
        if (store.isOpen()) {
            checkpointing.shutdown(); // a cycle in progress finishes its writes
        } else {
            // a cycle that began while the store opens waits for it (a store that hangs: up to its driver's bound,
            // and a SIGTERM waited 20 s for it); it has written nothing, so it is interrupted
            checkpointing.shutdownNow();
        }
        runners.forEach(FlowRunner::stop);
    }

    /** Waits up to {@code timeout} for every flow to end; the first fatal failure, if a flow failed. */
    public Optional<ReplicationFailedException> awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        if (checkpointing.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            closeCheckpointClients();
        }
        return runners.stream().map(FlowRunner::fatal).filter(java.util.Objects::nonNull).findFirst();
    }

    private synchronized void closeCheckpointClients() {
        checkpointClients.forEach(CheckpointClients::close);
        checkpointClients.clear();
    }

    /**
     * Stops every flow, waits up to {@link #CLOSE_TIMEOUT} for them to save their progress, and
     * closes the checkpointers' clients and scheduler in any case (a flow that did not end in time
     * closes its own clients when its thread ends). Idempotent.
     */
    @Override
    public void close() {
        stop();
        try {
            awaitTermination(CLOSE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            checkpointing.shutdownNow();
            closeCheckpointClients();
        }
    }

    /**
     * Readiness: up when every flow copies (its session runs); down, naming each flow that does
     * not and why (starting, restarting after a failure, stopped for good).
     */
    public Health readiness() {
        if (runners.isEmpty()) {
            return Health.down("not started");
        }
        if (!store.isOpen()) {
            return Health.down("the store is opening");
        }
        List<String> notCopying = new ArrayList<>();
        for (int i = 0; i < runners.size(); i++) {
            Health flow = runners.get(i).health();
            if (!flow.up()) {
                notCopying.add("flow " + flows.get(i).name() + " " + flow.reason());
            }
        }
        return notCopying.isEmpty() ? Health.up(runners.size() + " flow(s) copying") : Health.down(String.join("; ", notCopying));
    }

    /** Liveness: down once a flow stopped for good (the process is about to end) or every flow thread ended. */
    public Health liveness() {
        Optional<ReplicationFailedException> fatal = runners.stream().map(FlowRunner::fatal)
                .filter(java.util.Objects::nonNull).findFirst();
        if (fatal.isPresent()) {
            return Health.down(fatal.get().getMessage());
        }
        return !threads.isEmpty() && terminated() ? Health.down("every flow ended") : Health.up("running");
    }

    /** Whether every flow thread has ended (stopped, or failed for good). */
    public boolean terminated() {
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
