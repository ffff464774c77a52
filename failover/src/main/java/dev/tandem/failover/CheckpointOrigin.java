package dev.tandem.failover;

import java.util.Objects;

/**
 * Where a failover's checkpoints were read: Tandem's store, or its checkpoint topic on the cluster the
 * groups move to; with {@code --from-mm2}, MirrorMaker 2's checkpoints topic too.
 */
public sealed interface CheckpointOrigin {

    /** The store, where the checkpointer writes every checkpoint. */
    CheckpointOrigin STORE = new Store();

    /** How the output names it: {@code store}, or {@code checkpoint topic on west}. */
    String describe();

    /** Its name in JSON output: {@code store} or {@code target}, with {@code +mm2} when MirrorMaker 2's are read too. */
    String wireName();

    /** Tandem's store. */
    record Store() implements CheckpointOrigin {
        @Override
        public String describe() {
            return "store";
        }

        @Override
        public String wireName() {
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

        @Override
        public String wireName() {
            return "target";
        }
    }

    /** Tandem's checkpoints from {@code tandem}, and MirrorMaker 2's from {@code topic} on {@code cluster} (--from-mm2). */
    record WithMirrorMaker2(CheckpointOrigin tandem, String topic, String cluster) implements CheckpointOrigin {
        public WithMirrorMaker2 {
            Objects.requireNonNull(tandem, "tandem");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(cluster, "cluster");
        }

        @Override
        public String describe() {
            return tandem.describe() + " and MirrorMaker 2's " + topic + " on " + cluster;
        }

        @Override
        public String wireName() {
            return tandem.wireName() + "+mm2";
        }
    }
}
