package dev.tandem.store;

import dev.tandem.client.Partition;
import java.util.Set;

/**
 * A save refused because its partitions were claimed by another member of the flow's group since this
 * one was assigned them: nothing of it is saved. The caller commits nothing either (its commit would be
 * refused by the group as well) and starts again from the committed offsets.
 */
public final class NotTheOwnerException extends RuntimeException {

    private final Set<Partition> partitions;

    public NotTheOwnerException(String message, Set<Partition> partitions) {
        super(message);
        this.partitions = Set.copyOf(partitions);
    }

    public Set<Partition> partitions() {
        return partitions;
    }
}
