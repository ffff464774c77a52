package dev.tandem.client;

import java.util.List;
import java.util.Optional;

/** Where stored checkpoints are read from: the store, or Tandem's checkpoint topic on the target cluster. */
public interface CheckpointSource {

    /**
     * The latest checkpoint of every group and source partition of a flow (of one group when
     * given), ordered by group, source topic and partition.
     */
    List<Checkpoint> latest(String flow, Optional<String> group);

    /** Orders checkpoints as {@link #latest} returns them. */
    java.util.Comparator<Checkpoint> ORDER = java.util.Comparator.comparing(Checkpoint::group)
            .thenComparing(Checkpoint::sourceTopic).thenComparingInt(Checkpoint::partition);
}
