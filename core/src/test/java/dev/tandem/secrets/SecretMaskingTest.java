package dev.tandem.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {

    @Test
    void secretLookingKeysAreSecret() {
        assertThat(SecretMasking.isSecretKey("sasl.jaas.config")).isTrue();
        assertThat(SecretMasking.isSecretKey("ssl.truststore.password")).isTrue();
        assertThat(SecretMasking.isSecretKey("ssl.key.password")).isTrue();
        assertThat(SecretMasking.isSecretKey("ssl.keystore.key")).isTrue();
        assertThat(SecretMasking.isSecretKey("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
        assertThat(SecretMasking.isSecretKey("api-key")).isTrue();
        assertThat(SecretMasking.isSecretKey("TOKEN")).isTrue();
    }

    @Test
    void ordinaryKeysAreShown() {
        assertThat(SecretMasking.isSecretKey("security.protocol")).isFalse();
        assertThat(SecretMasking.isSecretKey("key.serializer")).isFalse();
        assertThat(SecretMasking.isSecretKey("sasl.mechanism")).isFalse();
        assertThat(SecretMasking.isSecretKey("bootstrap.servers")).isFalse();
    }

    @Test
    void maskKeepsOrderAndHidesOnlySecrets() {
        Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("sasl.jaas.config", "x password=\"p\";");
        config.put("acks", "all");
        config.put("ssl.key.password", "k");

        Map<String, String> masked = SecretMasking.mask(config);

        assertThat(masked).containsExactly(Map.entry("sasl.jaas.config", "****"), Map.entry("acks", "all"),
                Map.entry("ssl.key.password", "****"));
    }

    @Test
    void jdbcUrlPasswordsAreMasked() {
        assertThat(SecretMasking.maskJdbcUrl("jdbc:postgresql://db/t?user=a&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/t?user=a&password=****&ssl=true");
    }
}
