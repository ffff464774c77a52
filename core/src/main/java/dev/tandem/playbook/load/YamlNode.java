package dev.tandem.playbook.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML document as a tree that remembers the line of every node, for errors that name it. */
sealed interface YamlNode {

    int line();

    /** What a user would call this node in an error ("a mapping", "a list", "a string"). */
    String describe();

    /** A mapping; keys in file order, each with the line the key is on. */
    record Mapping(int line, Map<String, Entry> entries) implements YamlNode {
        public Mapping {
            entries = new LinkedHashMap<>(entries);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One key of a mapping with its value. */
    record Entry(String key, int keyLine, YamlNode value) {
    }

    record Sequence(int line, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar as written; {@code kind} is how YAML typed it (a quoted "1" is a STRING). */
    record Scalar(int line, String text, Kind kind) implements YamlNode {
        enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "a string";
                case INTEGER -> "a number";
                case FLOAT -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "nothing";
            };
        }
    }
}
