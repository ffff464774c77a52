package dev.tandem.sandbox;

import java.nio.file.Path;

/**
 * Everything that makes one local single-node KRaft cluster: its alias, its folder and its ports
 * (the client port; the controller listens on the next one).
 */
public record BrokerConfig(String alias, Path dir, int port, JvmProfile jvm) {

    public BrokerConfig {
        dir = dir.toAbsolutePath().normalize();
        if (port < 1 || port > 65534) {
            throw new IllegalArgumentException(alias + ": port " + port + " out of range (1-65534)");
        }
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
     * work as on a secured cluster (KRaft's StandardAuthorizer); a resource without any ACL is open
     * to everyone, since the sandbox does not authenticate (every client is User:ANONYMOUS).
     */
    public String serverProperties() {
        return String.join("\n",
                "# written by tandem sandbox for cluster " + alias,
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort(),
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
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
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=true",
                "");
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
