package dev.tandem.it.chaos;

import dev.tandem.chaos.run.Brokers;
import dev.tandem.chaos.schedule.Fault.Side;
import dev.tandem.it.clusters.TestCluster;
import dev.tandem.it.clusters.TwoClusters;
import java.util.HashMap;
import java.util.Map;

/** The integration tests' two clusters (east the source, west the target) as a chaos run's brokers. */
final class TestClusterBrokers implements Brokers {

    private final TwoClusters clusters;

    TestClusterBrokers(TwoClusters clusters) {
        this.clusters = clusters;
    }

    private TestCluster cluster(Side side) {
        return side == Side.SOURCE ? clusters.east() : clusters.west();
    }

    @Override
    public String alias(Side side) {
        return cluster(side).alias();
    }

    @Override
    public String bootstrap(Side side) {
        return cluster(side).bootstrap();
    }

    @Override
    public Map<String, Object> clientProperties(Side side) {
        return new HashMap<>(cluster(side).clientProperties());
    }

    @Override
    public String playbookEntry(Side side) {
        return cluster(side).playbookEntry();
    }

    @Override
    public void freeze(Side side) {
        cluster(side).freeze();
    }

    @Override
    public void thaw(Side side) {
        cluster(side).thaw();
    }

    @Override
    public void terminate(Side side) {
        cluster(side).terminate();
    }

    @Override
    public void kill(Side side) {
        cluster(side).stop();
    }

    @Override
    public void start(Side side) {
        cluster(side).start();
    }
}
