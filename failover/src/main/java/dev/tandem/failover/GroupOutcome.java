package dev.tandem.failover;

import dev.tandem.client.Partition;
import java.util.Map;
import java.util.Optional;

/**
 * What applying a plan did to one group.
 *
 * @param committed the offsets committed and read back (moved), or read back (differs); empty otherwise
 * @param problem   why the group was refused, or how the read-back differs; present for exactly those two
 */
public record GroupOutcome(String group, Result result, Map<Partition, Long> committed, Optional<String> problem) {

    /** What happened, by the name it has in the output. */
    public enum Result {
        MOVED("moved"),
        UNCHANGED("unchanged"),
        REFUSED("refused"),
        /** Committed, but reading back showed other offsets (a consumer committed meanwhile). */
        DIFFERS("differs");

        private final String wireName;

        Result(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** Whether the group ended as the plan says: moved, or nothing to move. */
        public boolean asPlanned() {
            return this == MOVED || this == UNCHANGED;
        }
    }

    public GroupOutcome {
        if (problem.isPresent() == result.asPlanned()) {
            throw new IllegalArgumentException("group " + group + ": a " + result.wireName() + " outcome "
                    + (result.asPlanned() ? "has no problem" : "needs its problem"));
        }
    }
}
