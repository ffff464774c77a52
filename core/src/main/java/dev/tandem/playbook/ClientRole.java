package dev.tandem.playbook;

import java.util.Locale;

/**
 * The three kinds of Kafka client Tandem opens on a cluster. A cluster's {@code producer},
 * {@code consumer} and {@code admin} maps override its {@code properties} for that kind only, as
 * MirrorMaker 2's {@code A.producer.*} settings do.
 */
public enum ClientRole {
    PRODUCER, CONSUMER, ADMIN;

    /** The playbook key of this role's map under a cluster. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
