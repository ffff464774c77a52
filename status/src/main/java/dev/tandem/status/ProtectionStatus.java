package dev.tandem.status;

import java.time.Instant;
import java.util.List;

/** Every flow of a playbook graded at {@code checkedAt}: the answer to "are we protected right now?". */
public record ProtectionStatus(Instant checkedAt, List<FlowStatus> flows) {

    public ProtectionStatus {
        flows = List.copyOf(flows);
    }

    public Level level() {
        return Level.worst(flows.stream().map(FlowStatus::level).toList());
    }

    /** One line: the level and, unless green, the first flow at that level with its reason. */
    public String headline() {
        Level level = level();
        if (flows.isEmpty()) {
            return "GREEN: the playbook has no flows";
        }
        if (level == Level.GREEN) {
            return "GREEN: " + flows.size() + " flow(s) replicating, checkpointed and verified";
        }
        FlowStatus first = flows.stream().filter(f -> f.level() == level).findFirst().orElseThrow();
        return level.name() + ": flow " + first.flow() + ": " + first.reason().aspect() + ": " + first.reason().text();
    }
}
