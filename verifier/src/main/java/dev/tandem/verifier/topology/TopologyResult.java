package dev.tandem.verifier.topology;

import java.util.List;

/** The topology check: how many selected source topics were compared, and what is missing or different. */
public record TopologyResult(int checked, List<Problem> problems) {

    public TopologyResult {
        problems = List.copyOf(problems);
    }

    /** One difference: the source topic, its replica, and what is wrong. */
    public record Problem(String topic, String replica, String kind, String detail) {
    }
}
