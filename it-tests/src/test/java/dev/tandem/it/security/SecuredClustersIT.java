package dev.tandem.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.it.clusters.ClusterSecurity;
import dev.tandem.it.clusters.OnClusters;
import dev.tandem.it.clusters.TestTopics;
import dev.tandem.it.support.CliRun;
import dev.tandem.it.support.ReplicationTestBase;
import dev.tandem.it.support.TandemProcess;
import dev.tandem.it.support.TestGroups;
import dev.tandem.it.support.TestPlaybooks;
import dev.tandem.it.support.TopicData;
import dev.tandem.kafka.ClusterContact;
import dev.tandem.playbook.ClusterSpec;
import dev.tandem.playbook.load.PlaybookLoader;
import dev.tandem.sandbox.security.SandboxSecurity;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

/**
 * What only a secured cluster has: refused logins and untrusted certificates told in one line
 * without a secret, every SASL mechanism and keystore format, per-role settings and secrets read
 * from files, on the secured pair (SASL_SSL on the client port, mutual TLS on the next but one).
 */
@OnClusters(ClusterSecurity.SASL_SSL)
class SecuredClustersIT extends ReplicationTestBase {

    private static SandboxSecurity secrets() {
        return clusters.security().orElseThrow();
    }

    @Test
    void aWrongPasswordIsExitFiveNamingClusterMechanismAndUserAndNoPasswordIsPrintedOrLogged() throws Exception {
        String wrong = "Wr0ng-" + UUID.randomUUID();
        String flow = TestTopics.randomName("flow");
        Path playbook = Files.createTempFile(WORK, "wrong-password", ".yaml");
        Files.writeString(playbook, String.join("\n",
                "clusters:",
                "  east: " + clusters.east().playbookEntry().replace(
                        "${file:" + secrets().credentialsFile(SandboxSecurity.TANDEM) + ":password}", wrong),
                "  west: " + clusters.west().playbookEntry(),
                "store: { jdbc-url: \"" + storeUrl + "\" }",
                "flows:",
                "  - { name: " + flow + ", source: east, target: west, topics: { include: [x] } }",
                ""));
        assertThat(Files.readString(playbook)).contains(wrong);
        // -v prints the stack trace; the Kafka clients at INFO log every setting they were given.
        List<String> loud = List.of("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info");

        TandemProcess.Finished quiet = TandemProcess.run(WORK, Duration.ofSeconds(90), List.of(), "replicate",
                playbook.toString());
        TandemProcess.Finished verbose = TandemProcess.run(WORK, Duration.ofSeconds(90), loud, "-v", "replicate",
                playbook.toString());

        String line = "tandem: authentication failed on east (" + clusters.east().bootstrap()
                + ") with SCRAM-SHA-512 as user tandem: check the credentials";
        assertThat(quiet.exitCode()).as(quiet.err()).isEqualTo(5);
        assertThat(quiet.err().lines().filter(l -> l.startsWith("tandem:"))).containsExactly(line);
        assertThat(verbose.exitCode()).as(verbose.err()).isEqualTo(5);
        assertThat(verbose.err()).contains(line, "sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]");
        List<String> secretValues = List.of(wrong, secrets().password(SandboxSecurity.TANDEM),
                secrets().password(SandboxSecurity.ADMIN), secrets().storePassword());
        for (TandemProcess.Finished run : List.of(quiet, verbose)) {
            for (String secret : secretValues) {
                assertThat(run.out()).doesNotContain(secret);
                assertThat(run.err()).doesNotContain(secret);
            }
        }
    }

    @Test
    void aBrokerCertificateNoTrustedCaSignedIsExitFiveSayingSo() throws Exception {
        SandboxSecurity stranger = SandboxSecurity.ensure(WORK.resolve("other-ca-" + UUID.randomUUID()), Clock.systemUTC());
        String entry = clusters.west().playbookEntry()
                .replace(secrets().truststore().toString(), stranger.truststore().toString())
                .replace(secrets().storePasswordFile().toString(), stranger.storePasswordFile().toString());
        Path playbook = TestPlaybooks.write(WORK, clusters, storeUrl, "flows:",
                "  - { name: " + TestTopics.randomName("flow") + ", source: east, target: west, topics: { include: [x] } }")
                ;
        Files.writeString(playbook, Files.readString(playbook).replace("  west: " + clusters.west().playbookEntry(),
                "  west: " + entry));

        CliRun run = CliRun.of("replicate", playbook.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
        assertThat(run.err().lines()).containsExactly("tandem: TLS handshake with west (" + clusters.west().bootstrap()
                + ") failed: certificate not trusted (no CA in ssl.truststore.* signed the broker's certificate)");
    }

    @Test
    void everyMechanismAndKeystoreFormatIsAccepted(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String east = clusters.east().clusterId();
        for (String mechanism : SandboxSecurity.MECHANISMS) {
            ClusterSpec sasl = spec(secrets().saslClient(SandboxSecurity.TANDEM, mechanism), clusters.east().bootstrap());
            assertThat(ClusterContact.clusterId(CLIENTS, sasl)).as(mechanism).isEqualTo(east);
        }
        String tls = "127.0.0.1:" + (Integer.parseInt(clusters.east().bootstrap().split(":")[1]) + 2);
        Map<String, Object> pkcs12 = secrets().tlsClient(SandboxSecurity.TANDEM);
        assertThat(ClusterContact.clusterId(CLIENTS, spec(pkcs12, tls))).as("PKCS12").isEqualTo(east);

        KeyStore keys = load(secrets().keystore(SandboxSecurity.TANDEM));
        KeyStore jks = KeyStore.getInstance("JKS");
        jks.load(null, null);
        char[] password = secrets().storePassword().toCharArray();
        jks.setKeyEntry("key", keys.getKey("key", password), password, keys.getCertificateChain("key"));
        Path jksFile = dir.resolve("tandem.jks");
        try (var out = Files.newOutputStream(jksFile)) {
            jks.store(out, password);
        }
        Map<String, Object> jksConfig = new java.util.LinkedHashMap<>(pkcs12);
        jksConfig.put("ssl.keystore.type", "JKS");
        jksConfig.put("ssl.keystore.location", jksFile.toString());
        assertThat(ClusterContact.clusterId(CLIENTS, spec(jksConfig, tls))).as("JKS").isEqualTo(east);

        // PEM, read from files by the playbook: the certificate chain, the key (PKCS#8) and the CA.
        Files.writeString(dir.resolve("tandem.crt"), java.util.Arrays.stream(keys.getCertificateChain("key"))
                .map(SecuredClustersIT::pem).collect(Collectors.joining()));
        Files.writeString(dir.resolve("tandem.key"), "-----BEGIN PRIVATE KEY-----\n"
                + mime(keys.getKey("key", password).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Path playbook = dir.resolve("pem.yaml");
        Files.writeString(playbook, String.join("\n",
                "clusters:",
                "  east:",
                "    bootstrap: \"" + tls + "\"",
                "    properties:",
                "      security.protocol: SSL",
                "      ssl.keystore.type: PEM",
                "      ssl.keystore.certificate.chain: \"${file:tandem.crt}\"",
                "      ssl.keystore.key: \"${file:tandem.key}\"",
                "      ssl.truststore.type: PEM",
                "      ssl.truststore.certificates: \"${file:" + secrets().caPem() + "}\"",
                "  west: { bootstrap: \"127.0.0.1:1\" }",
                "flows:",
                "  - { name: pem, source: east, target: west, topics: { include: [x] } }",
                ""));
        ClusterSpec pem = new PlaybookLoader(System::getenv, schedule -> Optional.empty()).load(playbook).cluster("east");
        assertThat(ClusterContact.clusterId(CLIENTS, pem)).as("PEM").isEqualTo(east);
    }

    @Test
    void eachClientRolesSettingsWinOverThePropertiesOfAllClients() throws Exception {
        String topic = TestTopics.randomName("roles");
        String flow = TestTopics.randomName("flow");
        String clientId = "dc1-quota-" + UUID.randomUUID().toString().substring(0, 6);
        TopicData.create(clusters.east().spec(), topic, 1, Map.of());
        TestGroups.produce(clusters, topic, 1, 10);
        // Every client of east gets a password that fails; each role's own map gives the right one.
        String right = "${file:" + secrets().credentialsFile(SandboxSecurity.TANDEM) + ":password}";
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"tandem\" password=\"";
        String roleMaps = String.join("", List.of("producer", "consumer", "admin").stream().map(role ->
                ", " + role + ": { sasl.jaas.config: '" + jaas + right + "\";'"
                        + (role.equals("consumer") ? ", client.id: " + clientId : "") + " }").toList());
        String east = clusters.east().playbookEntry().replace(right, "not-" + UUID.randomUUID());
        east = east.substring(0, east.length() - 2) + roleMaps + " }";
        Path playbook = Files.createTempFile(WORK, "roles", ".yaml");
        Files.writeString(playbook, String.join("\n",
                "clusters:",
                "  east: " + east,
                "  west: " + clusters.west().playbookEntry(),
                "store: { jdbc-url: \"" + storeUrl + "\" }",
                "flows:",
                "  - { name: " + flow + ", source: east, target: west, topics: { include: [\"" + topic + "\"] },"
                        + " topic-refresh: 1s }",
                ""));

        Process replicator = startReplicatorProcess(playbook, "roles");
        try {
            assertThat(TopicData.readAll(clusters.west().spec(), "east." + topic, 10)).hasSize(10);
            try (Admin admin = CLIENTS.admin(clusters.east().spec())) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin
                        .describeConsumerGroups(List.of("tandem.replicator." + flow)).all().get()
                        .get("tandem.replicator." + flow).members()).extracting(MemberDescription::clientId)
                        .containsExactly(clientId));
            }
        } finally {
            replicator.destroy();
            replicator.waitFor();
        }
    }

    private static ClusterSpec spec(Map<String, Object> config, String bootstrap) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        config.forEach((k, v) -> properties.put(k, String.valueOf(v)));
        return new ClusterSpec("east", bootstrap, properties);
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, secrets().storePassword().toCharArray());
        }
        return store;
    }

    private static String pem(Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + mime(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mime(byte[] bytes) {
        return Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes);
    }
}
