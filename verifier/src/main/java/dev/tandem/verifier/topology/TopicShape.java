package dev.tandem.verifier.topology;

import java.util.Map;

/** What the topology check compares of a topic: its partition count and the settings set on it. */
public record TopicShape(String name, int partitions, Map<String, String> settings) {

    public TopicShape {
        settings = Map.copyOf(settings);
    }
}
