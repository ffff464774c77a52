package dev.tandem.verifier.report;

/** The checks of a verification run, by the names the reports give them. */
public enum Check {
    TOPOLOGY("topology"),
    CANARIES("canaries"),
    CHECKPOINT("checkpoint");

    private final String wireName;

    Check(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
