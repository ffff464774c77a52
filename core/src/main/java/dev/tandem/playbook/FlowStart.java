package dev.tandem.playbook;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a flow starts copying a source partition it has no progress of its own for: the playbook
 * key {@code start}. Once the flow has progress there, it resumes from that, whatever this says.
 */
public enum FlowStart {
    /** The partition's first record (the default). */
    EARLIEST("earliest"),
    /**
     * After the last record MirrorMaker 2 copied of the partition into the same replica, read from
     * its Connect offsets topic on the target: a running MirrorMaker 2 deployment taken over
     * without copying again.
     */
    FROM_MIRRORMAKER2("from-mirrormaker2");

    private final String yamlName;

    FlowStart(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<FlowStart> of(String yamlName) {
        return Arrays.stream(values()).filter(s -> s.yamlName.equals(yamlName)).findFirst();
    }
}
