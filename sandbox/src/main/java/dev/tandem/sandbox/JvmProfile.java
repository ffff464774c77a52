package dev.tandem.sandbox;

import java.util.List;

/** JVM settings for a local broker process. */
public enum JvmProfile {
    /** For tests: C1 only starts about twice as fast, at the cost of peak throughput. */
    FAST_START(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
    /** For the demo and benchmarks: a normal server JVM. */
    STEADY(List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC"));

    private final List<String> options;

    JvmProfile(List<String> options) {
        this.options = options;
    }

    public List<String> options() {
        return options;
    }
}
