package dev.tandem.it.failures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.sandbox.FreePorts;
import dev.tandem.it.support.TandemProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem replicate} with no cluster to talk to ends within its documented bound, from
 * process launch: at once when nothing listens (the connection is refused), after the 30 s admin
 * bound (and not the clients' own longer timeouts on top) when something accepts and never answers.
 */
class BoundedFailuresIT {

    private static final Path WORK = Path.of(System.getProperty("tandem.it.work", "target/it-work")).toAbsolutePath();

    @Test
    void refusedConnectionsAreToldWithinSecondsNamingTheClusterAndServer() throws Exception {
        int nothing = FreePorts.brokerPort();
        Path playbook = playbook(nothing, nothing + 1);

        TandemProcess.Finished run = TandemProcess.run(WORK, Duration.ofSeconds(90), List.of(), "replicate",
                playbook.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
        assertThat(run.err().lines().filter(l -> l.startsWith("tandem:"))).containsExactly("tandem: describe cluster on"
                + " east (127.0.0.1:" + nothing + "): connection refused by 127.0.0.1:" + nothing
                + " (nothing listens there)");
        // Documented: a few seconds from launch (the JVM's own start included), where it was the full 30 s bound.
        assertThat(run.took()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void clustersThatAcceptAndNeverAnswerEndTheCommandWithinItsThirtySecondBound() throws Exception {
        // Connections complete in the kernel's backlog; nothing ever reads or answers them.
        try (ServerSocket east = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket west = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path playbook = playbook(east.getLocalPort(), west.getLocalPort());

            TandemProcess.Finished run = TandemProcess.run(WORK, Duration.ofSeconds(120), List.of(), "replicate",
                    playbook.toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
            assertThat(run.err().lines().filter(l -> l.startsWith("tandem:"))).containsExactly("tandem: describe cluster"
                    + " on east (127.0.0.1:" + east.getLocalPort() + "): no answer within 30 s");
            // The bound is 30 s for the first contact, TCP check included; closing the admin client waits at most
            // 2 s more (it waited 60 s more), and the JVM takes a second to start.
            assertThat(run.took()).isLessThan(Duration.ofSeconds(40));
        }
    }

    private static Path playbook(int eastPort, int westPort) throws IOException {
        Files.createDirectories(WORK);
        Path playbook = Files.createTempFile(WORK, "bounded", ".yaml");
        Files.writeString(playbook, String.join("\n",
                "clusters:",
                "  east: { bootstrap: \"127.0.0.1:" + eastPort + "\" }",
                "  west: { bootstrap: \"127.0.0.1:" + westPort + "\" }",
                "store: { jdbc-url: \"jdbc:h2:file:" + WORK.resolve("bounded-store") + "\" }",
                "flows:",
                "  - { name: nowhere, source: east, target: west, topics: { include: [x] } }",
                ""));
        return playbook;
    }
}
