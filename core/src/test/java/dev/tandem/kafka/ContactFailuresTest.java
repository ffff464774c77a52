package dev.tandem.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.ClientRole;
import dev.tandem.playbook.ClusterSpec;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ContactFailuresTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"replicator\" password=\"hunter2\";";
    private final ClusterSpec east = new ClusterSpec("east", "kafka-1:9093",
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config", "x"),
            Map.of(ClientRole.ADMIN, Map.of("sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS)));

    @Test
    void aRefusedLoginNamesClusterMechanismAndTheAdminRolesUserNeverThePassword() {
        String told = ContactFailures.describe(east, new RuntimeException(new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials"))).orElseThrow();

        assertThat(told).isEqualTo("authentication failed on east (kafka-1:9093) with SCRAM-SHA-512 as user replicator:"
                + " check the credentials").doesNotContain("hunter2");
    }

    @Test
    void aFailedHandshakeSaysWhatFailed() {
        assertThat(tls("PKIX path building failed: unable to find valid certification path to requested target"))
                .isEqualTo("TLS handshake with east (kafka-1:9093) failed: certificate not trusted"
                        + " (no CA in ssl.truststore.* signed the broker's certificate)");
        assertThat(tls("No subject alternative names matching IP address 10.0.0.1 found"))
                .startsWith("TLS handshake with east (kafka-1:9093) failed: hostname mismatch");
        assertThat(tls("Received fatal alert: bad_certificate"))
                .endsWith("failed: the broker refused the client certificate (ssl.keystore.*), or none was given");
        assertThat(tls("Unsupported or unrecognized SSL message"))
                .endsWith("failed: Unsupported or unrecognized SSL message");
    }

    @Test
    void aMechanismTheBrokerDoesNotEnableIsNotToldAsBadCredentials() {
        String told = ContactFailures.describe(east, new org.apache.kafka.common.errors.UnsupportedSaslMechanismException(
                "Client SASL mechanism 'SCRAM-SHA-512' not enabled in the server")).orElseThrow();

        assertThat(told).isEqualTo("authentication failed on east (kafka-1:9093): the broker does not accept SASL"
                + " mechanism SCRAM-SHA-512 (choose one it enables in sasl.mechanism)");
    }

    @Test
    void anythingButARefusalIsLeftToTheCallersMessage() {
        assertThat(ContactFailures.describe(east, new TimeoutException("no answer"))).isEmpty();
    }

    @Test
    void withoutSaslTheProtocolIsNamed() {
        assertThat(ContactFailures.identity(Map.of("security.protocol", "SSL"))).isEqualTo(" over SSL");
        assertThat(ContactFailures.identity(Map.of("security.protocol", "SASL_PLAINTEXT")))
                .isEqualTo(" with GSSAPI");
    }

    private String tls(String engineSaid) {
        SslAuthenticationException refused = new SslAuthenticationException("SSL handshake failed");
        refused.initCause(new SSLHandshakeException(engineSaid));
        return ContactFailures.describe(east, refused).orElseThrow();
    }
}
