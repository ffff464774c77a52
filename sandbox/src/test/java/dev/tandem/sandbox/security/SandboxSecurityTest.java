package dev.tandem.sandbox.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.sandbox.BrokerConfig;
import dev.tandem.sandbox.JvmProfile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxSecurityTest {

    @Test
    void theBrokersCertificateIsSignedByTheTrustedCaAndNamesTheLoopbackHost(@TempDir Path dir) throws Exception {
        SandboxSecurity security = SandboxSecurity.ensure(dir.resolve("security"), Clock.systemUTC());
        char[] password = security.storePassword().toCharArray();

        X509Certificate ca = (X509Certificate) load(security.truststore(), password).getCertificate("ca");
        KeyStore broker = load(security.brokerKeystore(), password);
        List<X509Certificate> chain = java.util.Arrays.stream(broker.getCertificateChain("key"))
                .map(X509Certificate.class::cast).toList();
        PKIXParameters trust = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        trust.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(chain.subList(0, 1)), trust);

        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=broker");
        assertThat(chain.get(0).getSubjectAlternativeNames()).extracting(name -> (Object) String.valueOf(name.get(1)))
                .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1");
        assertThat(broker.getKey("key", password)).isNotNull();
        assertThat(((X509Certificate) load(security.keystore("tandem"), password).getCertificate("key"))
                .getSubjectX500Principal().getName()).isEqualTo("CN=tandem");
    }

    @Test
    void everySecretFileIsReadableByItsOwnerOnlyAndKeptAcrossCalls(@TempDir Path dir) throws Exception {
        SandboxSecurity first = SandboxSecurity.ensure(dir.resolve("security"), Clock.systemUTC());
        String password = first.password("tandem");

        SandboxSecurity again = SandboxSecurity.ensure(dir.resolve("security"), Clock.systemUTC());

        assertThat(again.password("tandem")).isEqualTo(password).isNotEqualTo(again.password("admin")).hasSizeGreaterThan(16);
        try (var files = Files.list(first.dir())) {
            assertThat(files.toList()).isNotEmpty().allSatisfy(file -> assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }

    @Test
    void aSecuredBrokerHasNoPlaintextListenerAndOpensNothingWithoutAnAcl(@TempDir Path dir) {
        SandboxSecurity security = SandboxSecurity.ensure(dir.resolve("security"), Clock.systemUTC());
        BrokerConfig config = new BrokerConfig("east", dir.resolve("east"), 30000, JvmProfile.FAST_START,
                Optional.of(security));

        String properties = config.serverProperties();

        assertThat(properties).contains("listeners=SASL_SSL://127.0.0.1:30000,CONTROLLER://127.0.0.1:30001,"
                        + "SSL://127.0.0.1:30002",
                "listener.security.protocol.map=SASL_SSL:SASL_SSL,SSL:SSL,CONTROLLER:SSL",
                "listener.name.ssl.ssl.client.auth=required", "allow.everyone.if.no.acl.found=false",
                "super.users=User:broker;User:admin").doesNotContain("PLAINTEXT");
        assertThat(config.ports()).containsExactly(30000, 30001, 30002);
        // The sandbox's own admin is the brokers' super user by certificate: it needs no SCRAM user.
        assertThat(config.adminClientConfig()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.keystore.location", security.brokerKeystore().toString())
                .containsEntry("bootstrap.servers", "127.0.0.1:30002");
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
