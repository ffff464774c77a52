package dev.tandem.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds loopback ports for a broker: a free port whose successors (the controller's, a secured broker's TLS port) are free too. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int brokerPort() {
        return brokerPort(2);
    }

    /** A free port whose {@code count - 1} successors are free too (a secured broker listens on three). */
    public static int brokerPort(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = anyFreePort();
            boolean free = port + count - 1 <= 65535;
            for (int next = 1; free && next < count; next++) {
                free = isFree(port + next);
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found on 127.0.0.1");
    }

    private static int anyFreePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
