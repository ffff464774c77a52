package dev.tandem.chaos.run;

import dev.tandem.chaos.schedule.Fault.Side;
import dev.tandem.sandbox.LocalKafkaCluster;
import dev.tandem.sandbox.Sandbox;
import java.util.Map;

/** The two plaintext clusters of a {@link Sandbox} (east the source, west the target) as a run's brokers. */
public final class SandboxBrokers implements Brokers {

    private final Sandbox sandbox;

    public SandboxBrokers(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    private LocalKafkaCluster cluster(Side side) {
        return side == Side.SOURCE ? sandbox.east() : sandbox.west();
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
        return Map.of();
    }

    @Override
    public String playbookEntry(Side side) {
        return "{ bootstrap: \"" + bootstrap(side) + "\" }";
    }

    @Override
    public void freeze(Side side) {
        Signals.stop(pid(side));
    }

    @Override
    public void thaw(Side side) {
        Signals.resume(pid(side));
    }

    @Override
    public void terminate(Side side) {
        cluster(side).stop(Sandbox.STOP_TIMEOUT);
    }

    @Override
    public void kill(Side side) {
        cluster(side).kill();
    }

    @Override
    public void start(Side side) {
        cluster(side).start(Sandbox.START_TIMEOUT);
    }

    private long pid(Side side) {
        return cluster(side).process().orElseThrow(() -> new IllegalStateException(alias(side) + ": no broker running")).pid();
    }
}
