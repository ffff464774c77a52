package dev.tandem.failover;

/** Which way consumer groups move: to a flow's target (failover), or home again after one (failback). */
public enum Direction {
    FAILOVER("failover"),
    FAILBACK("failback");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the command's output, the store's failover runs and the offsets' commit metadata. */
    public String wireName() {
        return wireName;
    }
}
