package dev.tandem.chaos.run;

import dev.tandem.sandbox.LocalKafkaCluster;
import dev.tandem.sandbox.Sandbox;
import java.util.Map;

/** A plaintext cluster of a {@link Sandbox} as a run's broker. */
public record SandboxBroker(LocalKafkaCluster cluster) implements Broker {

    /** East the source, west the target. */
    public static Brokers of(Sandbox sandbox) {
        return new Brokers(new SandboxBroker(sandbox.east()), new SandboxBroker(sandbox.west()));
    }

    @Override
    public String alias() {
        return cluster.alias();
    }

    @Override
    public String bootstrap() {
        return cluster.bootstrap();
    }

    @Override
    public Map<String, String> clientProperties() {
        return Map.of();
    }

    @Override
    public String playbookEntry() {
        return "{ bootstrap: \"" + bootstrap() + "\" }";
    }

    @Override
    public void freeze() {
        Signals.stop(pid());
    }

    @Override
    public void thaw() {
        Signals.resume(pid());
    }

    @Override
    public void terminate() {
        cluster.stop(Sandbox.STOP_TIMEOUT);
    }

    @Override
    public void stop() {
        cluster.kill();
    }

    @Override
    public void start() {
        cluster.start(Sandbox.START_TIMEOUT);
    }

    private long pid() {
        return cluster.process().orElseThrow(() -> new IllegalStateException(alias() + ": no broker running")).pid();
    }
}
