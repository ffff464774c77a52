package dev.tandem.kafka;

import dev.tandem.failures.Failure;
import dev.tandem.playbook.ClientRole;
import dev.tandem.playbook.ClusterSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * A command's first contact with a cluster: its ID, or one line that says why there is none, within
 * a bound. Before Kafka's client is asked, a plain TCP connection to each bootstrap server tells a
 * refused connection (nothing listens there) in milliseconds, where the client would retry until its
 * timeout. A refusal of who we are names the mechanism and the principal, never a secret; a failed
 * TLS handshake says what failed (see {@link ContactFailures}).
 */
public final class ClusterContact {

    /** How long the TCP check waits for each bootstrap server before leaving the answer to Kafka's client. */
    static final Duration CONNECT_BOUND = Duration.ofSeconds(3);
    /** The least time Kafka's client gets for its call, however long the TCP check took. */
    private static final Duration MIN_CALL = Duration.ofSeconds(1);

    private static final ExecutorService CONNECTS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "tandem-connect-check");
        thread.setDaemon(true);
        return thread;
    });

    private ClusterContact() {
    }

    /** "east (host:port)": how messages name a cluster at first contact. */
    public static String label(ClusterSpec cluster) {
        return cluster.alias() + " (" + cluster.bootstrap() + ")";
    }

    /** The cluster's ID, asked within {@link KafkaCalls#DEFAULT_TIMEOUT}. */
    public static String clusterId(KafkaClients clients, ClusterSpec cluster) {
        return clusterId(clients, cluster, KafkaCalls.DEFAULT_TIMEOUT);
    }

    /**
     * The cluster's ID, or a {@link ClusterUnreachableException} within about {@code bound}: nothing
     * listening, no answer, authentication or TLS refused.
     */
    public static String clusterId(KafkaClients clients, ClusterSpec cluster, Duration bound) {
        try (Admin admin = clients.admin(cluster)) {
            return clusterId(admin, cluster, bound);
        }
    }

    /**
     * As {@link #clusterId(KafkaClients, ClusterSpec)}, through an admin client of the cluster that
     * the caller goes on using (failover: no second client on the way to moving groups).
     */
    public static String clusterId(Admin admin, ClusterSpec cluster) {
        return clusterId(admin, cluster, KafkaCalls.DEFAULT_TIMEOUT);
    }

    private static String clusterId(Admin admin, ClusterSpec cluster, Duration bound) {
        String label = label(cluster);
        String attempted = "describe cluster";
        long started = System.nanoTime();
        refusedConnection(cluster).ifPresent(reason -> {
            throw new ClusterUnreachableException(attempted + " on " + label + ": " + reason,
                    new Failure.Unreachable(label), label, null);
        });
        // The check's time counts against the bound: the whole first contact keeps it.
        Duration left = bound.minusNanos(System.nanoTime() - started);
        try {
            return KafkaCalls.await(admin.describeCluster().clusterId(), label, attempted,
                    left.compareTo(MIN_CALL) < 0 ? MIN_CALL : left);
        } catch (ClusterUnreachableException e) {
            if (e.getCause() instanceof TimeoutException) {
                // told as the whole contact's bound, of which the TCP check took a part
                throw new ClusterUnreachableException(attempted + " on " + label + ": no answer within "
                        + bound.toSeconds() + " s", e.failure(), label, e.getCause());
            }
            throw ContactFailures.describe(cluster, e.getCause())
                    .map(told -> new ClusterUnreachableException(told, e.failure(), label, e.getCause()))
                    .orElse(e);
        }
    }

    /**
     * Why no bootstrap server can be used, when each refused the connection, has an unknown host or
     * answers in TLS to a client that does not speak it; empty when one may be usable or did not
     * answer in time (Kafka's client then decides).
     */
    static Optional<String> refusedConnection(ClusterSpec cluster) {
        String protocol = String.valueOf(cluster.clientConfig(ClientRole.ADMIN).getOrDefault("security.protocol",
                "PLAINTEXT")).toUpperCase(Locale.ROOT);
        boolean tls = protocol.equals("SSL") || protocol.equals("SASL_SSL");
        CompletableFuture<Boolean> oneUsable = new CompletableFuture<>();
        List<CompletableFuture<Optional<String>>> checks = new ArrayList<>();
        for (String server : cluster.bootstrap().split(",")) {
            CompletableFuture<Optional<String>> check = CompletableFuture.supplyAsync(() -> refusal(server.strip(), tls),
                    CONNECTS);
            check.thenAccept(refused -> {
                if (refused.isEmpty()) {
                    oneUsable.complete(true);
                }
            });
            checks.add(check);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new));
        try {
            // The first server that may be usable ends the check; waiting for the others would only delay.
            CompletableFuture.anyOf(oneUsable, all).get(CONNECT_BOUND.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        // Decided from the checks themselves: the callback that completes oneUsable may not have run yet.
        if (!all.isDone() || checks.stream().anyMatch(c -> c.join().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", checks.stream().map(c -> c.join().orElseThrow()).toList()));
    }

    /**
     * Why this one server cannot be used: it refuses connections, its host is unknown, or (for a
     * client that does not speak TLS) it answers in TLS. A plaintext Kafka client reads a TLS alert
     * as the length of a 350 MB response and runs out of memory; asking for the broker's API
     * versions ourselves tells it first. Empty when the server accepts, answers as Kafka, or does
     * not answer in time.
     */
    private static Optional<String> refusal(String server, boolean clientSpeaksTls) {
        int colon = server.lastIndexOf(':');
        String host = server.substring(0, colon).replaceAll("^\\[|]$", "");
        int port = Integer.parseInt(server.substring(colon + 1));
        InetAddress[] addresses;
        try {
            // Every address of the name, as Kafka's client (client.dns.lookup=use_all_dns_ips) tries them.
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("unknown host " + host);
        }
        for (InetAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), (int) CONNECT_BOUND.toMillis());
                return clientSpeaksTls ? Optional.empty() : tlsAnswer(socket, server);
            } catch (ConnectException e) {
                // refused: try the next address
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of("connection refused by " + server + " (nothing listens there)");
    }

    /** An ApiVersions request (v0, no client id): a Kafka listener answers it before any authentication. */
    private static final byte[] API_VERSIONS_V0 = {0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, -1, -1};
    private static final int TLS_ALERT = 0x15;
    private static final int TLS_HANDSHAKE = 0x16;

    private static Optional<String> tlsAnswer(Socket socket, String server) throws IOException {
        socket.setSoTimeout((int) CONNECT_BOUND.toMillis());
        socket.getOutputStream().write(API_VERSIONS_V0);
        int first;
        try {
            first = socket.getInputStream().read();
        } catch (java.net.SocketTimeoutException e) {
            return Optional.empty();
        }
        if (first == TLS_ALERT || first == TLS_HANDSHAKE) {
            return Optional.of(server + " answers in TLS, and the client does not speak it: set security.protocol"
                    + " to SSL or SASL_SSL in the cluster's properties");
        }
        return Optional.empty();
    }
}
