package dev.tandem.safety;

/** The cluster IDs of a flow's two ends, as the clusters themselves report them. */
public record ClusterIds(String source, String target) {
}
