package dev.tandem.drill;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who ran a drill: this host's name and process ID (also the drill scheduler's Quartz instance ID). */
public final class ThisProcess {

    private ThisProcess() {
    }

    public static String name() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
