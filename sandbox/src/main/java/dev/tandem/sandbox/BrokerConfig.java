package dev.tandem.sandbox;

import dev.tandem.sandbox.security.SandboxSecurity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that makes one local single-node KRaft cluster: its alias, its folder and its ports
 * (the client port; the controller listens on the next one). A secured cluster also has a mutual
 * TLS listener on the port after the controller's, and its client port speaks SASL_SSL.
 */
public record BrokerConfig(String alias, Path dir, int port, JvmProfile jvm, Optional<SandboxSecurity> security) {

    public BrokerConfig {
        dir = dir.toAbsolutePath().normalize();
        int last = security.isPresent() ? 65533 : 65534;
        if (port < 1 || port > last) {
            throw new IllegalArgumentException(alias + ": port " + port + " out of range (1-" + last + ")");
        }
    }

    /** A cluster that authenticates no one (PLAINTEXT). */
    public BrokerConfig(String alias, Path dir, int port, JvmProfile jvm) {
        this(alias, dir, port, jvm, Optional.empty());
    }

    /** The ports the broker listens on: client, controller and, when secured, mutual TLS. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(List.of(port, controllerPort()));
        security.ifPresent(s -> ports.add(tlsPort()));
        return ports;
    }

    /** The mutual TLS listener's port of a secured cluster. */
    public int tlsPort() {
        return port + 2;
    }

    /** host:port of the mutual TLS listener of a secured cluster. */
    public String tlsBootstrap() {
        return "127.0.0.1:" + tlsPort();
    }

    /**
     * Settings of an admin client that may do anything on this cluster: the sandbox's own checks and
     * set-up. A secured cluster is reached as the brokers themselves ({@code User:broker}, by their
     * certificate over mutual TLS), which needs no SCRAM user: the sandbox creates those with it.
     */
    public Map<String, Object> adminClientConfig() {
        Map<String, Object> config = new LinkedHashMap<>(security.map(s -> s.tlsClient(SandboxSecurity.BROKER))
                .orElse(Map.of()));
        config.put("bootstrap.servers", security.isPresent() ? tlsBootstrap() : bootstrap());
        return config;
    }

    public int controllerPort() {
        return port + 1;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /**
     * The broker's settings. Replication factor 1 and min ISR 1 for the internal topics, or
     * consumer groups and transactions never work on a single broker. Topics are not created
     * automatically, as on most production clusters: Tandem must create what it replicates. ACLs
     * work as on a secured cluster (KRaft's StandardAuthorizer). Unsecured, a resource without any
     * ACL is open to everyone, since no one is authenticated (every client is User:ANONYMOUS);
     * secured, nothing is open without an ACL (see {@link #securedProperties}).
     */
    public String serverProperties() {
        List<String> lines = new ArrayList<>(List.of(
                "# written by tandem sandbox for cluster " + alias,
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort(),
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + dataDir(),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=10",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.backoff.ms=1000",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer"));
        if (security.isEmpty()) {
            lines.addAll(List.of(
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort(),
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "allow.everyone.if.no.acl.found=true"));
        } else {
            lines.addAll(securedProperties(security.get()));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    /**
     * A secured cluster: SASL_SSL on the client port (SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN), mutual
     * TLS on {@link #tlsPort()} (a certificate {@code CN=x} is the principal {@code User:x}), the
     * controller and the brokers' own traffic over mutual TLS as {@code User:broker}. Super users:
     * broker and admin; everyone else only what ACLs grant.
     */
    private List<String> securedProperties(SandboxSecurity secrets) {
        String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        StringBuilder plainUsers = new StringBuilder();
        for (String user : SandboxSecurity.USERS) {
            plainUsers.append(" user_").append(user).append("=\"").append(secrets.password(user)).append('"');
        }
        String storePassword = secrets.storePassword();
        return List.of(
                "listeners=SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort()
                        + ",SSL://127.0.0.1:" + tlsPort(),
                "advertised.listeners=SASL_SSL://127.0.0.1:" + port + ",SSL://127.0.0.1:" + tlsPort(),
                "inter.broker.listener.name=SSL",
                "listener.security.protocol.map=SASL_SSL:SASL_SSL,SSL:SSL,CONTROLLER:SSL",
                "sasl.enabled.mechanisms=" + String.join(",", SandboxSecurity.MECHANISMS),
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + scram,
                "listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=" + scram,
                "listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required" + plainUsers + ";",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + secrets.brokerKeystore(),
                "ssl.keystore.password=" + storePassword,
                "ssl.key.password=" + storePassword,
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + secrets.truststore(),
                "ssl.truststore.password=" + storePassword,
                "listener.name.ssl.ssl.client.auth=required",
                "listener.name.controller.ssl.client.auth=required",
                "ssl.principal.mapping.rules=RULE:^CN=([A-Za-z0-9._-]+)$/$1/,DEFAULT",
                "super.users=User:" + SandboxSecurity.BROKER + ";User:" + SandboxSecurity.ADMIN,
                "allow.everyone.if.no.acl.found=false");
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path serverPropertiesFile() {
        return dir.resolve("server.properties");
    }

    public Path logFile() {
        return dir.resolve("broker.log");
    }

    public Path pidFile() {
        return dir.resolve("broker.pid");
    }

    /** The marker on the broker's command line that identifies it as this cluster's process. */
    public String processMarker() {
        return "-Dtandem.sandbox.node=" + dir;
    }
}
