package dev.tandem.failover;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Which groups to move: named ones, those matching a regex, or every group with checkpoints. */
public record GroupSelection(List<String> named, Optional<Pattern> regex, boolean all) {

    public GroupSelection {
        named = List.copyOf(named);
    }

    /** @param checkpointed the groups the flow has checkpoints of */
    public Set<String> select(Set<String> checkpointed) {
        Set<String> selected = new TreeSet<>(named);
        checkpointed.stream().filter(g -> all || regex.map(r -> r.matcher(g).matches()).orElse(false))
                .forEach(selected::add);
        return selected;
    }
}
