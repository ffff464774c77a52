package dev.tandem.chaos.run;

import java.util.Map;

/**
 * One cluster of a run (one broker, as the local clusters have) and what the faults do to it. The
 * integration tests' clusters are brokers as they are ({@code TestCluster} extends this).
 */
public interface Broker {

    /** The cluster's alias in the playbook ("east", "west"). */
    String alias();

    String bootstrap();

    /** The client settings to reach it (none for plaintext). */
    Map<String, String> clientProperties();

    /** The cluster as a playbook's YAML flow mapping. */
    String playbookEntry();

    /** SIGSTOP of the broker: it holds its connections and answers nothing. */
    void freeze();

    /** SIGCONT of a frozen broker. */
    void thaw();

    /** SIGTERM: a clean shutdown, waited for. */
    void terminate();

    /** Stops the broker as a host failing would: SIGKILL. */
    void stop();

    /** Starts a stopped broker again with its data and waits until it answers. */
    void start();
}
