package dev.tandem.playbook.load;

/** Builds the YAML paths that errors name: {@code flows[0].topics}, {@code properties[sasl.jaas.config]}. */
final class PlaybookPaths {

    private PlaybookPaths() {
    }

    /** The path of {@code key} below {@code parent}; keys with dots are bracketed so the path stays readable. */
    static String child(String parent, String key) {
        if (key.contains(".") || key.contains(" ") || key.isEmpty()) {
            return parent + "[" + key + "]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
