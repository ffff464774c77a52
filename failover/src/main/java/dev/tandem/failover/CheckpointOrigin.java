package dev.tandem.failover;

import java.util.Objects;

/** Where a failover's checkpoints were read: Tandem's store, or its checkpoint topic on the cluster the groups move to. */
public sealed interface CheckpointOrigin {

    /** The store, where the checkpointer writes every checkpoint. */
    CheckpointOrigin STORE = new Store();

    /** How the output names it: {@code store}, or {@code checkpoint topic on west}. */
    String describe();

    /** Tandem's store. */
    record Store() implements CheckpointOrigin {
        @Override
        public String describe() {
            return "store";
        }
    }

    /** The checkpoint topic on {@code cluster} (for when the store's host is lost too). */
    record CheckpointTopic(String cluster) implements CheckpointOrigin {
        public CheckpointTopic {
            Objects.requireNonNull(cluster, "cluster");
        }

        @Override
        public String describe() {
            return "checkpoint topic on " + cluster;
        }
    }
}
