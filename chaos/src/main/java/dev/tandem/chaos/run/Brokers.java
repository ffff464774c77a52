package dev.tandem.chaos.run;

import dev.tandem.chaos.schedule.Fault.Side;
import java.util.Map;

/** The two clusters of a run and what the faults do to their brokers (one broker each, as the local clusters are). */
public interface Brokers {

    /** The cluster's alias in the playbook ("east", "west"). */
    String alias(Side side);

    String bootstrap(Side side);

    /** The client settings to reach it (none for plaintext). */
    Map<String, Object> clientProperties(Side side);

    /** The cluster as a playbook's YAML flow mapping. */
    String playbookEntry(Side side);

    /** SIGSTOP of the broker: it holds its connections and answers nothing. */
    void freeze(Side side);

    /** SIGCONT of a frozen broker. */
    void thaw(Side side);

    /** SIGTERM: a clean shutdown, waited for. */
    void terminate(Side side);

    /** SIGKILL, as a host failing would. */
    void kill(Side side);

    /** Starts a stopped broker again with its data and waits until it answers. */
    void start(Side side);
}
