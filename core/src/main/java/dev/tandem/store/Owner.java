package dev.tandem.store;

import dev.tandem.client.Partition;
import java.util.Optional;
import java.util.Set;

/**
 * Who saves sync points and progress: the member of the flow's consumer group on the source that the
 * partitions are assigned to ({@code member}, empty where no group assigns them), and the partitions
 * assigned to it since its last save ({@code claiming}), which that save claims whoever held them.
 * A save of a partition claimed by another member since is refused ({@link NotTheOwnerException}).
 */
public record Owner(Optional<String> member, Set<Partition> claiming) {

    /** A writer no group assigns partitions to (a takeover, a tool): nothing is checked or claimed. */
    public static final Owner UNCHECKED = new Owner(Optional.empty(), Set.of());

    public Owner {
        claiming = Set.copyOf(claiming);
    }

    public static Owner member(String member, Set<Partition> claiming) {
        return member == null || member.isEmpty() ? UNCHECKED : new Owner(Optional.of(member), claiming);
    }
}
