package dev.tandem.chaos.run;

import dev.tandem.chaos.schedule.Fault.Side;

/** The two clusters of a run: the flow copies from {@code source} to {@code target}. */
public record Brokers(Broker source, Broker target) {

    public Broker of(Side side) {
        return side == Side.SOURCE ? source : target;
    }
}
