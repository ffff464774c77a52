package dev.tandem.playbook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A DR setup as described by a playbook YAML file: clusters, store, flows, verification and
 * failover settings, drills, and whether the drill scheduler is clustered.
 * Built only by {@code PlaybookLoader}, which guarantees that every flow names known clusters.
 */
public record Playbook(Map<String, ClusterSpec> clusters, StoreSpec store, List<Flow> flows, VerifySpec verify,
                       FailoverSpec failover, List<DrillSpec> drills, boolean clusteredScheduler) {

    /** The playbook schema version this code reads. */
    public static final int SCHEMA_VERSION = 1;

    public Playbook {
        clusters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(failover, "failover");
        drills = List.copyOf(drills);
        flows = List.copyOf(flows);
        for (Flow flow : flows) {
            if (!clusters.containsKey(flow.source()) || !clusters.containsKey(flow.target())) {
                throw new IllegalArgumentException("flow " + flow.name() + " names an unknown cluster");
            }
        }
    }

    /** A playbook with the default {@code verify:} and {@code failover:} settings. */
    public Playbook(Map<String, ClusterSpec> clusters, StoreSpec store, List<Flow> flows) {
        this(clusters, store, flows, VerifySpec.defaults());
    }

    /** A playbook with the default {@code failover:} settings and no drills. */
    public Playbook(Map<String, ClusterSpec> clusters, StoreSpec store, List<Flow> flows, VerifySpec verify) {
        this(clusters, store, flows, verify, FailoverSpec.defaults(), List.of(), false);
    }

    public Optional<DrillSpec> drill(String name) {
        return drills.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public ClusterSpec cluster(String alias) {
        ClusterSpec cluster = clusters.get(alias);
        if (cluster == null) {
            throw new IllegalArgumentException("no cluster '" + alias + "' in the playbook");
        }
        return cluster;
    }

    /** The flow that copies back what {@code flow} copies: from its target to its source (the first, if several). */
    public Optional<Flow> reverseOf(Flow flow) {
        return flows.stream().filter(f -> f.source().equals(flow.target()) && f.target().equals(flow.source())).findFirst();
    }

    public Optional<Flow> flow(String name) {
        return flows.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** This playbook with one cluster's bootstrap servers replaced (the demo's clusters run on chosen ports). */
    public Playbook withBootstrap(String alias, String bootstrap) {
        ClusterSpec old = cluster(alias);
        Map<String, ClusterSpec> changed = new LinkedHashMap<>(clusters);
        changed.put(alias, old.withBootstrap(bootstrap));
        return new Playbook(changed, store, flows, verify, failover, drills, clusteredScheduler);
    }

    /** This playbook with another store (the demo keeps its store in its own folder). */
    public Playbook withStore(StoreSpec other) {
        return new Playbook(clusters, other, flows, verify, failover, drills, clusteredScheduler);
    }
}
