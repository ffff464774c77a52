package dev.tandem.verifier.topology;

import dev.tandem.topics.TopicConfigPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Compares the source topics a flow selects with their replicas: each must exist on the target,
 * with at least as many partitions, and with the settings the replicator copies
 * ({@link TopicConfigPlan}). Pure: topic shapes in, problems out.
 */
public final class TopologyCheck {

    public static final String MISSING = "missing";
    public static final String PARTITIONS = "partitions";
    public static final String SETTING = "setting";

    private TopologyCheck() {
    }

    /**
     * @param sources           the selected source topics
     * @param replicas          the target's topics, by name
     * @param replicaName       the replica's name of a source topic
     */
    public static TopologyResult compare(List<TopicShape> sources, Map<String, TopicShape> replicas,
                                         UnaryOperator<String> replicaName, Map<String, Integer> replicationFactors) {
        List<TopologyResult.Problem> problems = new ArrayList<>();
        for (TopicShape source : sources) {
            String name = replicaName.apply(source.name());
            TopicShape replica = replicas.get(name);
            if (replica == null) {
                problems.add(new TopologyResult.Problem(source.name(), name, MISSING, name + " does not exist on the target"));
                continue;
            }
            if (replica.partitions() < source.partitions()) {
                problems.add(new TopologyResult.Problem(source.name(), name, PARTITIONS, name + " has "
                        + replica.partitions() + " partitions, the source " + source.partitions()));
            }
            int rf = replicationFactors.getOrDefault(name, 1);
            TopicConfigPlan.forReplica(source.settings(), rf).forEach((key, wanted) -> {
                String actual = replica.settings().get(key);
                if (!wanted.equals(actual)) {
                    problems.add(new TopologyResult.Problem(source.name(), name, SETTING, key + " is " + wanted
                            + " on the source but " + (actual == null ? "not set" : actual) + " on " + name));
                }
            });
        }
        return new TopologyResult(sources.size(), problems);
    }
}
