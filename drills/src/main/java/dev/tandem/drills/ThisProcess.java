package dev.tandem.drills;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Who ran a drill: this host's name, process ID and a random tag (also the drill scheduler's Quartz
 * instance ID). The tag keeps two processes apart that share both (containers on one host's
 * network, each process 1 of its own PID namespace): Quartz would take them for one scheduler.
 */
public final class ThisProcess {

    private static final String NAME = host() + "-" + ProcessHandle.current().pid() + "-"
            + UUID.randomUUID().toString().substring(0, 6);

    private ThisProcess() {
    }

    public static String name() {
        return NAME;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
