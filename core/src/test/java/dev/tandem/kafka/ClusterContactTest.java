package dev.tandem.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.ClusterSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClusterContactTest {

    @Test
    void aPortNothingListensOnIsTold() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        assertThat(ClusterContact.refusedConnection(spec("127.0.0.1:" + port, Map.of())))
                .contains("connection refused by 127.0.0.1:" + port + " (nothing listens there)");
    }

    @Test
    void oneServerThatAcceptsIsEnoughToLeaveTheAnswerToKafka() throws IOException {
        int closedPort;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        try (ServerSocket open = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The open server accepts (a TLS client sends it no probe): that one may be Kafka, so nothing is told.
            assertThat(ClusterContact.refusedConnection(spec("127.0.0.1:" + closedPort + ",127.0.0.1:"
                    + open.getLocalPort(), Map.of("security.protocol", "SSL")))).isEmpty();
        }
    }

    @Test
    void serversThatAllAcceptAreNeverToldAsRefusedHoweverTheChecksInterleave() throws IOException {
        try (ServerSocket one = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket two = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Each check's connection is taken and closed at once: a backlog that fills would make later
            // connects wait for the check's 3 s bound.
            acceptAndClose(one);
            acceptAndClose(two);
            ClusterSpec both = spec("127.0.0.1:" + one.getLocalPort() + ",localhost:" + two.getLocalPort(),
                    Map.of("security.protocol", "SASL_SSL"));
            // A first version read the verdict from a callback that had not always run when the last check ended
            // (seen once against real brokers; this loop did not reproduce it here, so it guards the property only).
            for (int round = 0; round < 200; round++) {
                assertThat(ClusterContact.refusedConnection(both)).as("round %d", round).isEmpty();
            }
        }
    }

    @Test
    void aTlsListenerMetByAPlaintextClientIsToldBeforeKafkaReadsItsAlertAsALength() throws Exception {
        try (ServerSocket tls = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> alert = CompletableFuture.runAsync(() -> {
                try (Socket client = tls.accept()) {
                    client.getInputStream().readNBytes(14);
                    client.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50});
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            assertThat(ClusterContact.refusedConnection(spec("127.0.0.1:" + tls.getLocalPort(), Map.of())))
                    .hasValueSatisfying(told -> assertThat(told).contains("answers in TLS")
                            .contains("set security.protocol to SSL or SASL_SSL"));
            alert.join();
        }
    }

    private static void acceptAndClose(ServerSocket server) {
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket ignored = server.accept()) {
                    // closed at once
                } catch (IOException closed) {
                    return;
                }
            }
        }, "accept-and-close");
        thread.setDaemon(true);
        thread.start();
    }

    private static ClusterSpec spec(String bootstrap, Map<String, String> properties) {
        return new ClusterSpec("east", bootstrap, properties);
    }
}
